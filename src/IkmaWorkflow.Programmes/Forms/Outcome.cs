namespace IkmaWorkflow.Programmes.Forms;

/// <summary>
/// What a form or a read answers, in the domain's terms: the record as it now is, a new record and where it lives, a
/// file, or a <see cref="Problem"/> naming what is wrong. The function app turns it into an HTTP answer.
/// </summary>
public abstract record Outcome
{
    private protected Outcome()
    {
    }

    /// <summary>Done: <paramref name="Value"/> is the record or list as it now is.</summary>
    /// <param name="Value">What the caller gets back.</param>
    public sealed record Done(object Value) : Outcome;

    /// <summary>A new record, found at <paramref name="Location"/>.</summary>
    /// <param name="Location">The address of the new record.</param>
    /// <param name="Value">The new record.</param>
    public sealed record Created(string Location, object Value) : Outcome;

    /// <summary>A file to download.</summary>
    /// <param name="Content">The bytes.</param>
    /// <param name="ContentType">Its media type.</param>
    /// <param name="FileName">The name to save it under.</param>
    public sealed record File(byte[] Content, string ContentType, string FileName) : Outcome;

    /// <summary>
    /// A page for a person to read, such as the verification page a phone opens from a certificate's QR code; when it
    /// tells of a refusal, <paramref name="Refusal"/> says which kind, so programs reading the page see it too.
    /// </summary>
    /// <param name="Html">The whole page.</param>
    /// <param name="Refusal">The kind of refusal the page tells of; null when it tells of success.</param>
    public sealed record Page(string Html, ProblemKind? Refusal = null) : Outcome;
}
