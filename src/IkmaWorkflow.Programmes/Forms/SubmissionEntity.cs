using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.Programmes.Forms;

/// <summary>
/// A submission's answer kept under its idempotency key (Submissions table: partition = caller's organisation, row =
/// SHA-256 of method, path and key), so the same submission twice stores once and answers the same.
/// </summary>
public sealed class SubmissionEntity : RecordEntity
{
    /// <summary>SHA-256 of the request body, hex: the same key with another body is refused.</summary>
    public string RequestHash { get; set; } = string.Empty;

    /// <summary><c>Pending</c> while the form runs, then <c>Completed</c>.</summary>
    public string State { get; set; } = "Pending";

    /// <summary>The answer's status code.</summary>
    public int Status { get; set; }

    /// <summary>The answer's JSON body.</summary>
    public string? Body { get; set; }

    /// <summary>The answer's <c>Location</c> header.</summary>
    public string? Location { get; set; }

    /// <summary>When the submission first arrived.</summary>
    public DateTimeOffset ReceivedAt { get; set; }
}
