namespace IkmaWorkflow.Programmes.Documents;

/// <summary>
/// The files a form takes in its multipart field <c>document</c>: what the form calls such a file (for answers) and
/// the content types it accepts. Every file is also checked to be what its content type says (<see cref="FileContent"/>).
/// </summary>
/// <param name="English">The file as the form calls it, in English, such as <c>a photo</c>.</param>
/// <param name="Indonesian">The same in Indonesian.</param>
/// <param name="ContentTypes">The content types accepted.</param>
public sealed record AcceptedFiles(string English, string Indonesian, IReadOnlyList<string> ContentTypes)
{
    /// <summary>The content type of a Word document (DOCX).</summary>
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>A photo: JPEG, PNG or WebP.</summary>
    public static readonly AcceptedFiles Photo = new("a photo", "foto", ["image/jpeg", "image/png", "image/webp"]);

    /// <summary>A report: PDF, Word, plain text, or a photo or scan of a paper report.</summary>
    public static readonly AcceptedFiles Report = new("a report", "laporan", ["application/pdf", Docx, "text/plain", "image/jpeg", "image/png", "image/webp"]);

    /// <summary>An attendance sheet: a scan (PDF or image) of the signed sheet, or a CSV list.</summary>
    public static readonly AcceptedFiles AttendanceSheet = new("an attendance sheet", "daftar hadir", ["application/pdf", "image/jpeg", "image/png", "image/webp", "text/csv"]);

    /// <summary>Any other programme document: every type the app stores.</summary>
    public static readonly AcceptedFiles Other = new("a programme document", "dokumen program", ["application/pdf", "image/jpeg", "image/png", "image/webp", Docx, "text/csv", "text/plain"]);

    /// <summary>A signed MoU: PDF.</summary>
    public static readonly AcceptedFiles Mou = new("an MoU", "MoU", ["application/pdf"]);

    /// <summary>An activity letter: PDF.</summary>
    public static readonly AcceptedFiles Letter = new("an activity letter", "surat pelaksanaan kegiatan", ["application/pdf"]);

    /// <summary>The accepted types as a sentence: <c>image/jpeg, image/png or image/webp</c>.</summary>
    public string List(string or) => ContentTypes.Count == 1 ? ContentTypes[0] : $"{string.Join(", ", ContentTypes.Take(ContentTypes.Count - 1))} {or} {ContentTypes[^1]}";
}
