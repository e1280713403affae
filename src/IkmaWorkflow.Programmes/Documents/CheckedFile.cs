namespace IkmaWorkflow.Programmes.Documents;

/// <summary>A file sent with a form, read and checked: the bytes to store, and what was removed from them.</summary>
/// <param name="FileName">The file name as uploaded (sanitised).</param>
/// <param name="ContentType">The content type, one the form accepts and the content matches.</param>
/// <param name="Content">The bytes to store: the upload, less the parts in <paramref name="Removed"/>.</param>
/// <param name="Removed">What was taken out of the upload (location metadata, trailing data), in the order found.</param>
public sealed record CheckedFile(string FileName, string ContentType, byte[] Content, IReadOnlyList<RemovedPart> Removed);
