namespace IkmaWorkflow.Programmes.Forms;

/// <summary>A file sent with a form (multipart field <c>document</c>), as the domain sees it.</summary>
/// <param name="FileName">The name the sender gave it.</param>
/// <param name="ContentType">The media type the sender gave it; may be empty.</param>
/// <param name="Length">Bytes.</param>
/// <param name="OpenRead">Opens its content for reading.</param>
public sealed record UploadedFile(string FileName, string ContentType, long Length, Func<Stream> OpenRead);
