using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.Programmes.Forms;

/// <summary>
/// A submission's answer kept under its idempotency key (Submissions table: partition = caller's organisation, row =
/// SHA-256 of method, canonical route and key), so the same submission twice stores once and answers the same. An
/// answer that issues an API key is never kept: only that it did.
/// </summary>
public sealed class SubmissionEntity : RecordEntity
{
    /// <summary>SHA-256 of the request body, hex: the same key with another body is refused.</summary>
    public string RequestHash { get; set; } = string.Empty;

    /// <summary>
    /// <c>Pending</c> while the form runs; then <c>Completed</c> (the answer is kept), <c>KeyIssued</c> (an API key was
    /// answered, not kept), <c>Refused</c> (a problem; the next attempt runs afresh), <c>Interrupted</c> (the form
    /// failed, and may have stored records) or <c>AppliedEarlier</c> (a run after an interruption found them).
    /// </summary>
    public string State { get; set; } = "Pending";

    /// <summary>The process running the form while <see cref="State"/> is <c>Pending</c>.</summary>
    public string? Owner { get; set; }

    /// <summary>Counts refused attempts: the form's record ids derive from it, so each attempt after a refusal gets new ones.</summary>
    public int Generation { get; set; }

    /// <summary>The answer's status code.</summary>
    public int Status { get; set; }

    /// <summary>The answer's JSON body.</summary>
    public string? Body { get; set; }

    /// <summary>The answer's <c>Location</c> header.</summary>
    public string? Location { get; set; }

    /// <summary>When the submission first arrived.</summary>
    public DateTimeOffset ReceivedAt { get; set; }
}
