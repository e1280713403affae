using System.Globalization;
using System.Text.Json;
using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.Programmes.Forms;

/// <summary>One invalid field of a submission, said in English and Indonesian.</summary>
/// <param name="Field">The field's path in the submission, such as <c>tracks[1].quota</c>.</param>
/// <param name="English">What is wrong, in English.</param>
/// <param name="Indonesian">What is wrong, in Indonesian.</param>
public sealed record FieldError(string Field, string English, string Indonesian);

/// <summary>
/// Reads a submitted JSON object field by field and collects every problem instead of stopping at the first, so one
/// answer names every bad field. A reader for a nested object shares its parent's list of problems. The reader
/// remembers which fields the form asked for: a field the form never asked for is reported as not belonging to it
/// (the schemas say <c>additionalProperties: false</c>), as is a field given twice in different spellings.
/// </summary>
public sealed class FormReader
{
    /// <summary>The earliest date a form takes unless the field says otherwise.</summary>
    public static readonly DateOnly EarliestDate = new(2000, 1, 1);

    /// <summary>The latest date a form takes unless the field says otherwise.</summary>
    public static readonly DateOnly LatestDate = new(2100, 12, 31);

    private readonly JsonElement _object;
    private readonly string _path;
    private readonly Shared _shared;
    private readonly HashSet<string> _asked = new(StringComparer.OrdinalIgnoreCase);

    private FormReader(JsonElement element, string path, Shared shared)
    {
        _object = element;
        _path = path;
        _shared = shared;
        shared.Readers.Add(this);
    }

    /// <summary>
    /// Every problem found so far, followed by the fields of the submission the form has not asked for: read every
    /// field before looking at the problems.
    /// </summary>
    public IReadOnlyList<FieldError> Errors => [.. _shared.Errors, .. _shared.Readers.SelectMany(r => r.Unasked())];

    /// <summary>Whether no problem was found (and no field the form does not have was sent).</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>A reader over <paramref name="root"/>, which must be a JSON object.</summary>
    public static FormReader For(JsonElement root)
    {
        var shared = new Shared();
        if (root.ValueKind != JsonValueKind.Object)
        {
            shared.Errors.Add(new FieldError("$", "The submission must be a JSON object.", "Kiriman harus berupa objek JSON."));
        }

        return new FormReader(root, string.Empty, shared);
    }

    /// <summary>Records a problem with field <paramref name="name"/> of this object.</summary>
    public void Fail(string name, string english, string indonesian) => _shared.Errors.Add(new FieldError(PathOf(name), english, indonesian));

    /// <summary>A text field, trimmed; empty counts as absent.</summary>
    public string? Text(string name, bool required = true, int maxLength = 200)
    {
        if (!TryGet(name, required, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Fail(name, "Must be text.", "Harus berupa teks.");
            return null;
        }

        var text = value.GetString()!.Trim();
        if (text.Length == 0)
        {
            if (required)
            {
                Fail(name, "Must not be empty.", "Tidak boleh kosong.");
            }

            return null;
        }

        if (text.Length > maxLength)
        {
            Fail(name, $"Must be at most {maxLength} characters (has {text.Length}).", $"Paling banyak {maxLength} karakter (berisi {text.Length}).");
            return null;
        }

        if (UnacceptedCharacter(text) is { } unaccepted)
        {
            Fail(name, unaccepted.English, unaccepted.Indonesian);
            return null;
        }

        return text;
    }

    /// <summary>
    /// An id of a record (<see cref="RecordKey"/>): letters, digits, <c>-</c>, <c>_</c> and <c>.</c>, checked
    /// before it is looked up.
    /// </summary>
    public string? Id(string name, bool required = true, int maxLength = 40)
    {
        var text = Text(name, required, Math.Min(maxLength, RecordKey.MaxLength));
        return text is not null && RecordKey.Check(this, name, text) ? text : null;
    }

    /// <summary>An email address (one <c>@</c> with text on both sides and a dot in the domain).</summary>
    public string? Email(string name, bool required = true)
    {
        var text = Text(name, required, 254);
        if (text is null)
        {
            return null;
        }

        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != text.LastIndexOf('@') || !text[(at + 1)..].Contains('.', StringComparison.Ordinal) || text.EndsWith('.') || text.Contains(' ', StringComparison.Ordinal))
        {
            Fail(name, $"'{text}' is not an email address.", $"'{text}' bukan alamat email.");
            return null;
        }

        return text;
    }

    /// <summary>
    /// A calendar date written <c>yyyy-MM-dd</c>, from <paramref name="earliest"/> to <paramref name="latest"/>
    /// (by default <see cref="EarliestDate"/> to <see cref="LatestDate"/>: a date outside is a typing error).
    /// </summary>
    public DateOnly? Date(string name, bool required = true, DateOnly? earliest = null, DateOnly? latest = null)
    {
        var text = Text(name, required, 10);
        if (text is null)
        {
            return null;
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            Fail(name, $"'{text}' is not a date written yyyy-MM-dd.", $"'{text}' bukan tanggal dengan format yyyy-MM-dd.");
            return null;
        }

        return InRange(name, date, earliest ?? EarliestDate, latest ?? LatestDate, DateText.Of);
    }

    /// <summary>
    /// A month written <c>yyyy-MM</c>, returned as its first day, from the month of <paramref name="earliest"/> to
    /// that of <paramref name="latest"/> (by default <see cref="EarliestDate"/> to <see cref="LatestDate"/>).
    /// </summary>
    public DateOnly? Month(string name, bool required = true, DateOnly? earliest = null, DateOnly? latest = null)
    {
        var text = Text(name, required, 7);
        if (text is null)
        {
            return null;
        }

        if (!DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            Fail(name, $"'{text}' is not a month written yyyy-MM.", $"'{text}' bukan bulan dengan format yyyy-MM.");
            return null;
        }

        var first = earliest ?? EarliestDate;
        return InRange(name, month, new DateOnly(first.Year, first.Month, 1), latest ?? LatestDate, DateText.MonthOf);
    }

    /// <summary>A whole number between <paramref name="min"/> and <paramref name="max"/>.</summary>
    public int? WholeNumber(string name, int min, int max, bool required = true)
    {
        if (!TryGet(name, required, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            Fail(name, "Must be a whole number.", "Harus berupa bilangan bulat.");
            return null;
        }

        if (number < min || number > max)
        {
            Fail(name, $"Must be between {min} and {max} (is {number}).", $"Harus antara {min} dan {max} (berisi {number}).");
            return null;
        }

        return number;
    }

    /// <summary>A number between <paramref name="min"/> and <paramref name="max"/>.</summary>
    public decimal? Number(string name, decimal min, decimal max, bool required = true)
    {
        if (!TryGet(name, required, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number))
        {
            Fail(name, "Must be a number.", "Harus berupa angka.");
            return null;
        }

        if (number < min || number > max)
        {
            Fail(name, $"Must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}.", $"Harus antara {min.ToString(CultureInfo.InvariantCulture)} dan {max.ToString(CultureInfo.InvariantCulture)}.");
            return null;
        }

        return number;
    }

    /// <summary><see langword="true"/> or <see langword="false"/>.</summary>
    public bool? Boolean(string name, bool required = true)
    {
        if (!TryGet(name, required, out var value))
        {
            return null;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Fail(name, "Must be true or false.", "Harus true atau false.");
            return null;
        }

        return value.GetBoolean();
    }

    /// <summary>One of the names of <typeparamref name="TEnum"/>, case-insensitive.</summary>
    public TEnum? Choice<TEnum>(string name, bool required = true)
        where TEnum : struct, Enum
    {
        var text = Text(name, required, 64);
        if (text is null)
        {
            return null;
        }

        if (!Enum.TryParse<TEnum>(text, ignoreCase: true, out var choice) || !Enum.IsDefined(choice) || text.Any(char.IsDigit))
        {
            var allowed = string.Join(", ", Enum.GetNames<TEnum>());
            Fail(name, $"'{text}' is not one of: {allowed}.", $"'{text}' bukan salah satu dari: {allowed}.");
            return null;
        }

        return choice;
    }

    /// <summary>A list of texts, each trimmed and non-empty, without repeats.</summary>
    public IReadOnlyList<string> TextList(string name, bool required = true, int maxItems = 100, int maxLength = 200)
    {
        var items = new List<string>();
        ReadArray(name, required, maxItems, (reader, index) =>
        {
            var element = reader._object;
            var itemName = $"{name}[{index}]";
            if (element.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(element.GetString()))
            {
                Fail(itemName, "Must be non-empty text.", "Harus berupa teks yang tidak kosong.");
                return;
            }

            var text = element.GetString()!.Trim();
            if (text.Length > maxLength)
            {
                Fail(itemName, $"Must be at most {maxLength} characters.", $"Paling banyak {maxLength} karakter.");
            }
            else if (UnacceptedCharacter(text) is { } unaccepted)
            {
                Fail(itemName, unaccepted.English, unaccepted.Indonesian);
            }
            else if (items.Contains(text, StringComparer.OrdinalIgnoreCase))
            {
                Fail(itemName, $"'{text}' is listed twice.", $"'{text}' tercantum dua kali.");
            }
            else
            {
                items.Add(text);
            }
        });
        return items;
    }

    /// <summary>A list of objects, each read by <paramref name="read"/> with a reader of its own.</summary>
    public IReadOnlyList<T> Objects<T>(string name, Func<FormReader, T> read, bool required = true, int maxItems = 100)
    {
        ArgumentNullException.ThrowIfNull(read);
        var items = new List<T>();
        ReadArray(name, required, maxItems, (reader, index) =>
        {
            if (reader._object.ValueKind != JsonValueKind.Object)
            {
                Fail($"{name}[{index}]", "Must be an object.", "Harus berupa objek.");
                return;
            }

            items.Add(read(reader));
        });
        return items;
    }

    private void ReadArray(string name, bool required, int maxItems, Action<FormReader, int> readItem)
    {
        if (!TryGet(name, required, out var value))
        {
            return;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Fail(name, "Must be a list.", "Harus berupa daftar.");
            return;
        }

        var count = value.GetArrayLength();
        if (count == 0 && required)
        {
            Fail(name, "Must list at least one item.", "Harus berisi paling sedikit satu butir.");
            return;
        }

        if (count > maxItems)
        {
            Fail(name, $"Must list at most {maxItems} items (has {count}).", $"Paling banyak {maxItems} butir (berisi {count}).");
            return;
        }

        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            readItem(new FormReader(item, $"{PathOf(name)}[{index}].", _shared), index);
            index++;
        }
    }

    private bool TryGet(string name, bool required, out JsonElement value)
    {
        value = default;
        _asked.Add(name);
        if (_object.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        // JSON names are matched case-insensitively: forms are filled in by hand as often as by code. So "title" and
        // "TITLE" are the same field, and giving it twice is refused rather than one of them silently winning.
        var spellings = new List<string>();
        foreach (var property in _object.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                spellings.Add(property.Name);
                value = property.Value;
            }
        }

        if (spellings.Count > 1)
        {
            var given = string.Join(", ", spellings.Select(s => $"'{s}'"));
            Fail(name, $"Is given {spellings.Count} times ({given}); give it once.", $"Diisi {spellings.Count} kali ({given}); isi sekali saja.");
            value = default;
            return false;
        }

        if (spellings.Count == 1 && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        value = default;
        if (required)
        {
            Fail(name, "Is required.", "Wajib diisi.");
        }

        return false;
    }

    // The submitted fields of this object that the form never asked for.
    private IEnumerable<FieldError> Unasked()
    {
        if (_object.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        foreach (var property in _object.EnumerateObject().Where(p => !_asked.Contains(p.Name)))
        {
            var fields = string.Join(", ", _asked);
            yield return new FieldError(
                PathOf(property.Name),
                $"This form has no field '{property.Name}'; its fields are: {fields}.",
                $"Formulir ini tidak memiliki isian '{property.Name}'; isiannya: {fields}.");
        }
    }

    private DateOnly? InRange(string name, DateOnly date, DateOnly earliest, DateOnly latest, Func<DateOnly, string> write)
    {
        if (date >= earliest && date <= latest)
        {
            return date;
        }

        Fail(name, $"{write(date)} is outside {write(earliest)} to {write(latest)}; check the year.", $"{write(date)} di luar {write(earliest)} sampai {write(latest)}; periksa tahunnya.");
        return null;
    }

    private string PathOf(string name) => _path + name;

    // Control characters (a line break, NUL), the invisible bidirectional controls that make text read other than it
    // is stored (a right-to-left override turns "B-535/2024" into what looks like another number), line and paragraph
    // separators, and U+FFFD, the mark of text that was not UTF-8.
    private static (string English, string Indonesian)? UnacceptedCharacter(string text)
    {
        foreach (var c in text)
        {
            var kind = c switch
            {
                _ when char.IsControl(c) => ("a control character", "karakter kontrol"),
                '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') => ("a bidirectional control character", "karakter kontrol arah teks"),
                '\u2028' or '\u2029' => ("a line or paragraph separator", "pemisah baris atau paragraf"),
                '\uFFFD' => ("U+FFFD, the replacement character (the text was not UTF-8)", "U+FFFD, karakter pengganti (teksnya bukan UTF-8)"),
                _ => ((string, string)?)null,
            };
            if (kind is { } found)
            {
                return (
                    $"Must not contain {found.Item1} (U+{(int)c:X4}).",
                    $"Tidak boleh berisi {found.Item2} (U+{(int)c:X4}).");
            }
        }

        return null;
    }

    // What every reader of one submission shares: the problems, and the readers (for the fields nobody asked for).
    private sealed class Shared
    {
        public List<FieldError> Errors { get; } = [];

        public List<FormReader> Readers { get; } = [];
    }
}
