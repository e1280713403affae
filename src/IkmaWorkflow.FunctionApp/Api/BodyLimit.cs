using IkmaWorkflow.Programmes.Documents;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Training;

namespace IkmaWorkflow.FunctionApp.Api;

/// <summary>
/// What a form's request body may hold, and so how much of it is ever read: the JSON form data (at most
/// <paramref name="MaxDataBytes"/>) and the file (at most <paramref name="MaxFileBytes"/>; none when 0). A form with a
/// file takes it as the body itself (<see cref="FileIsBody"/>) or in multipart field <c>document</c>.
/// </summary>
/// <param name="MaxDataBytes">The largest JSON; 0 when the form takes no JSON.</param>
/// <param name="MaxFileBytes">The largest file; 0 when the form takes no file.</param>
/// <param name="FileIsBody">Whether the file may be sent as the body itself (the CSV upload) rather than JSON.</param>
/// <param name="English">What the form takes, in English, for the answer to a body that is too large.</param>
/// <param name="Indonesian">The same in Indonesian.</param>
public sealed record BodyLimit(long MaxDataBytes, long MaxFileBytes, bool FileIsBody, string English, string Indonesian)
{
    // Multipart's own bytes around the parts: boundaries and part headers (each part's headers are at most 16 KB).
    private const long MultipartOverhead = 64 * 1024;

    /// <summary>A form without a body (closing enrolment, a new API key): a stray <c>{}</c> at most.</summary>
    public static BodyLimit None { get; } = new(1024, 0, false, "no body", "tanpa isi");

    /// <summary>A JSON form, or the JSON input or event an operator sends to an orchestration: 1 MB of JSON.</summary>
    public static BodyLimit Json { get; } = new(FormBody.MaxJsonBytes, 0, false, "1 MB of JSON", "JSON 1 MB");

    /// <summary>An operator's JSON command (the demo clock's move): 4 KB of JSON.</summary>
    public static BodyLimit SmallJson { get; } = new(4 * 1024, 0, false, "4 KB of JSON", "JSON 4 KB");

    /// <summary>A JSON form that may come as multipart with a document of up to 25 MB (MoUs, letters, programme documents).</summary>
    public static BodyLimit JsonWithDocument { get; } = new(
        FormBody.MaxJsonBytes, StoredDocument.MaxSize, false, "1 MB of JSON and a document of 25 MB", "JSON 1 MB dan dokumen 25 MB");

    /// <summary>The CSV enrolment: a CSV file of 1 MB, as the body or in multipart field <c>document</c>.</summary>
    public static BodyLimit Csv { get; } = new(
        0, EnrolmentRequests.MaxCsvBytes, true, $"a CSV file of 1 MB ({EnrolmentRequests.MaxParticipants} participants)", $"berkas CSV 1 MB ({EnrolmentRequests.MaxParticipants} peserta)");

    /// <summary>The largest body: the data and the file with multipart's own bytes, or the data alone.</summary>
    public long MaxBytes => MaxFileBytes > 0 ? MaxDataBytes + MaxFileBytes + MultipartOverhead : MaxDataBytes;
}
