namespace IkmaWorkflow.Programmes.Documents;

/// <summary>What <see cref="FileContent.Check"/> found: the bytes to store and what was taken out of them, or why the file is refused.</summary>
/// <param name="Content">The bytes to store (the upload itself when nothing was removed); null when refused.</param>
/// <param name="Removed">The parts removed, in the order found, each once.</param>
/// <param name="Refusal">Why the file is refused; null when it is accepted.</param>
public sealed record ContentCheck(byte[]? Content, IReadOnlyList<RemovedPart> Removed, FileRefusal? Refusal)
{
    /// <summary>A refusal.</summary>
    public static ContentCheck Refused(string english, string indonesian) => new(null, [], new FileRefusal(english, indonesian));
}
