using System.Globalization;
using System.Text.Json;

namespace IkmaWorkflow.Programmes.Forms;

/// <summary>One invalid field of a submission, said in English and Indonesian.</summary>
/// <param name="Field">The field's path in the submission, such as <c>tracks[1].quota</c>.</param>
/// <param name="English">What is wrong, in English.</param>
/// <param name="Indonesian">What is wrong, in Indonesian.</param>
public sealed record FieldError(string Field, string English, string Indonesian);

/// <summary>
/// Reads a submitted JSON object field by field and collects every problem instead of stopping at the first, so one
/// answer names every bad field. A reader for a nested object shares its parent's list of problems.
/// </summary>
public sealed class FormReader
{
    private readonly JsonElement _object;
    private readonly string _path;
    private readonly List<FieldError> _errors;

    private FormReader(JsonElement element, string path, List<FieldError> errors)
    {
        _object = element;
        _path = path;
        _errors = errors;
    }

    /// <summary>Every problem found so far.</summary>
    public IReadOnlyList<FieldError> Errors => _errors;

    /// <summary>Whether no problem was found.</summary>
    public bool IsValid => _errors.Count == 0;

    /// <summary>A reader over <paramref name="root"/>, which must be a JSON object.</summary>
    public static FormReader For(JsonElement root)
    {
        var errors = new List<FieldError>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError("$", "The submission must be a JSON object.", "Kiriman harus berupa objek JSON."));
        }

        return new FormReader(root, string.Empty, errors);
    }

    /// <summary>Records a problem with field <paramref name="name"/> of this object.</summary>
    public void Fail(string name, string english, string indonesian) => _errors.Add(new FieldError(PathOf(name), english, indonesian));

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

        if (text.Any(char.IsControl))
        {
            Fail(name, "Must not contain control characters.", "Tidak boleh berisi karakter kontrol.");
            return null;
        }

        return text;
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

    /// <summary>A calendar date written <c>yyyy-MM-dd</c>.</summary>
    public DateOnly? Date(string name, bool required = true)
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

        return date;
    }

    /// <summary>A month written <c>yyyy-MM</c>, returned as its first day.</summary>
    public DateOnly? Month(string name, bool required = true)
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

        return month;
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
            readItem(new FormReader(item, $"{PathOf(name)}[{index}].", _errors), index);
            index++;
        }
    }

    private bool TryGet(string name, bool required, out JsonElement value)
    {
        value = default;
        if (_object.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        // JSON names are matched case-insensitively: forms are filled in by hand as often as by code.
        foreach (var property in _object.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind != JsonValueKind.Null)
            {
                value = property.Value;
                return true;
            }
        }

        if (required)
        {
            Fail(name, "Is required.", "Wajib diisi.");
        }

        return false;
    }

    private string PathOf(string name) => _path + name;
}
