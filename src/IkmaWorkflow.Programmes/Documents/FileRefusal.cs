namespace IkmaWorkflow.Programmes.Documents;

/// <summary>Why a file's content is refused, in English and Indonesian.</summary>
/// <param name="English">The reason in English.</param>
/// <param name="Indonesian">The reason in Indonesian.</param>
public sealed record FileRefusal(string English, string Indonesian);
