namespace IkmaWorkflow.Programmes.Forms;

/// <summary>What kind of refusal a <see cref="Problem"/> is; the function app answers each with its HTTP status.</summary>
public enum ProblemKind
{
    /// <summary>The submission is not valid (400).</summary>
    Invalid,

    /// <summary>The caller did not prove who it is (401).</summary>
    Unauthenticated,

    /// <summary>The caller's organisation may not do this (403).</summary>
    Forbidden,

    /// <summary>No such record, or none the caller may see (404).</summary>
    NotFound,

    /// <summary>The record's state does not allow it now (409).</summary>
    Conflict,

    /// <summary>The request body is larger than the form takes (413).</summary>
    TooLarge,

    /// <summary>The record existed and was withdrawn (410).</summary>
    Gone,

    /// <summary>The record changed since the caller read it (412).</summary>
    Stale,

    /// <summary>Well-formed, but contradicts an earlier submission (422).</summary>
    Unprocessable,
}

/// <summary>
/// A refusal that names what is wrong twice: <see cref="Title"/> and <see cref="Detail"/> in English,
/// <see cref="TitleIndonesian"/> and <see cref="DetailIndonesian"/> in Indonesian. <see cref="Name"/> identifies the
/// problem for programs; <see cref="Members"/> name the ids or fields it is about.
/// </summary>
/// <param name="Kind">What kind of refusal.</param>
/// <param name="Name">The problem's name, such as <c>wrong-stage</c>.</param>
/// <param name="Title">The short summary in English.</param>
/// <param name="Detail">This occurrence in English.</param>
/// <param name="TitleIndonesian">The short summary in Indonesian.</param>
/// <param name="DetailIndonesian">This occurrence in Indonesian.</param>
/// <param name="Members">What the problem is about, by name.</param>
public sealed record Problem(
    ProblemKind Kind, string Name, string Title, string Detail, string TitleIndonesian, string DetailIndonesian, IReadOnlyList<KeyValuePair<string, object?>> Members)
    : Outcome
{
    /// <summary>A problem with <paramref name="members"/> given as pairs.</summary>
    public static Problem Of(ProblemKind kind, string name, string title, string detail, string titleIndonesian, string detailIndonesian, params (string Key, object? Value)[] members) =>
        new(kind, name, title, detail, titleIndonesian, detailIndonesian, [.. members.Select(m => KeyValuePair.Create(m.Key, m.Value))]);
}
