using IkmaWorkflow.Programmes.Forms;

namespace IkmaWorkflow.Programmes.Storage;

/// <summary>
/// Checks an id a caller sent (a route value or a form field) before it becomes part of a table key. Every id this
/// app issues or accepts is ASCII letters, digits, <c>-</c>, <c>_</c> and <c>.</c>, at most <see cref="MaxLength"/>
/// characters; Table Storage refuses keys with <c>/</c>, <c>\</c>, <c>#</c>, <c>?</c> or control characters, and its
/// refusal reads like a storage failure, so an id that cannot be one is answered before any lookup.
/// </summary>
public static class RecordKey
{
    /// <summary>The longest id accepted.</summary>
    public const int MaxLength = 100;

    /// <summary>What makes <paramref name="id"/> unfit to be an id, in English and Indonesian; <see langword="null"/> when it is fit.</summary>
    public static (string English, string Indonesian)? Flaw(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return ("an id is never empty", "id tidak pernah kosong");
        }

        if (id.Length > MaxLength)
        {
            return ($"an id has at most {MaxLength} characters; this one has {id.Length}", $"id paling banyak {MaxLength} karakter; yang ini {id.Length}");
        }

        for (var i = 0; i < id.Length; i++)
        {
            var c = id[i];
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            {
                continue;
            }

            // An address may carry '/' as %2F, which some hosts leave undecoded: name the character the caller meant.
            var shown = c == '%' && i + 2 < id.Length && Uri.IsHexDigit(id[i + 1]) && Uri.IsHexDigit(id[i + 2])
                ? $"{Describe((char)Convert.ToInt32(id.Substring(i + 1, 2), 16))} (written %{id.Substring(i + 1, 2)})"
                : Describe(c);
            return (
                $"an id has only letters, digits, '-', '_' and '.', and {shown} is none of them",
                $"id hanya berisi huruf, angka, '-', '_' dan '.', dan {shown} bukan salah satunya");
        }

        return null;
    }

    /// <summary>400 naming route parameter <paramref name="parameter"/> when <paramref name="value"/> cannot be an id; <see langword="null"/> when it can.</summary>
    public static Problem? CheckRouteValue(string parameter, string value) =>
        Flaw(value) is { } flaw ? FormProblems.InvalidId(parameter, value, flaw.English, flaw.Indonesian) : null;

    /// <summary>
    /// Whether <paramref name="id"/>, given in field <paramref name="field"/> of <paramref name="form"/>, can be an id;
    /// when it cannot, the form is told why.
    /// </summary>
    public static bool Check(FormReader form, string field, string id)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (Flaw(id) is not { } flaw)
        {
            return true;
        }

        form.Fail(field, $"'{id}' is not an id: {flaw.English}.", $"'{id}' bukan id: {flaw.Indonesian}.");
        return false;
    }

    /// <summary>400 for the first of <paramref name="values"/> (route parameter and value) that cannot be an id; <see langword="null"/> when all can.</summary>
    public static Problem? CheckRouteValues(params (string Parameter, string Value)[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.Select(v => CheckRouteValue(v.Parameter, v.Value)).FirstOrDefault(p => p is not null);
    }

    // A printable character in quotes, anything else by its code point.
    private static string Describe(char c) =>
        c is > ' ' and < '\u007F' ? $"'{c}'" : $"U+{(int)c:X4}";
}
