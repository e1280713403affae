using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;

namespace IkmaWorkflow.Programmes.Certificates;

/// <summary>
/// A certificate's public number, for example <c>WUB-2024-7K3Q9M-8</c>: the programme prefix, the programme year,
/// six serial symbols and one check symbol.
/// </summary>
/// <remarks>
/// The number says nothing about the facility or the participant. Symbols come from a 31-character alphabet of
/// digits and capital letters without I, L, O, S and U, which are easily confused with 1, 0 and 5 or misread, so a
/// number read aloud or copied by hand survives; when parsing, I and L are read as 1, O as 0 and S as 5.
/// The check symbol makes the weighted sum of all eleven symbols (year digits, serial, check) a multiple of 31.
/// Because 31 is prime and every weight is distinct, any one wrong symbol and any two swapped symbols are detected.
/// The serial should come from <see cref="CreateRandom"/>: sequential serials would reveal how many certificates
/// were issued and let anyone guess valid numbers. Uniqueness is the store's job (insert-if-absent, draw again on
/// conflict); 31^6 serials per year make a conflict rare.
/// </remarks>
public sealed record CertificateNumber
{
    /// <summary>The fixed prefix: <i>Wirausaha Baru</i>, the programme's name.</summary>
    public const string Prefix = "WUB";

    /// <summary>The symbols used for the serial and the check, in value order (0–30).</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRTVWXYZ";

    /// <summary>How many serials a year has: 31^6, so serials run from 0 to <c>SerialCount - 1</c>.</summary>
    public const int SerialCount = 31 * 31 * 31 * 31 * 31 * 31;

    /// <summary>The earliest programme year a number can carry.</summary>
    public const int MinYear = 2000;

    /// <summary>The latest programme year a number can carry (four digits).</summary>
    public const int MaxYear = 9999;

    private const int SerialLength = 6;
    private const int Modulus = 31;

    // "WUB" + year + serial + check, once separators are removed.
    private const int CompactLength = 3 + 4 + SerialLength + 1;

    private CertificateNumber(int year, int serial, string value)
    {
        Year = year;
        Serial = serial;
        Value = value;
    }

    /// <summary>The programme year the number was issued for.</summary>
    public int Year { get; }

    /// <summary>The serial, 0 to <see cref="SerialCount"/> − 1.</summary>
    public int Serial { get; }

    /// <summary>The canonical written form, <c>WUB-yyyy-XXXXXX-C</c>.</summary>
    public string Value { get; }

    /// <summary>Makes the number for a programme year and a serial.</summary>
    /// <param name="year">The programme year, <see cref="MinYear"/> to <see cref="MaxYear"/>.</param>
    /// <param name="serial">The serial, 0 to <see cref="SerialCount"/> − 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">The year or the serial is out of range.</exception>
    public static CertificateNumber Create(int year, int serial)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, MinYear);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, MaxYear);
        ArgumentOutOfRangeException.ThrowIfNegative(serial);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(serial, SerialCount);

        Span<int> values = stackalloc int[4 + SerialLength];
        for (int i = 3, rest = year; i >= 0; i--, rest /= 10)
        {
            values[i] = rest % 10;
        }

        for (int i = 4 + SerialLength - 1, rest = serial; i >= 4; i--, rest /= Modulus)
        {
            values[i] = rest % Modulus;
        }

        var check = (Modulus - (WeightedSum(values) % Modulus)) % Modulus;
        Span<char> serialText = stackalloc char[SerialLength];
        for (var i = 0; i < SerialLength; i++)
        {
            serialText[i] = Alphabet[values[4 + i]];
        }

        var value = string.Create(CultureInfo.InvariantCulture, $"{Prefix}-{year:D4}-{serialText}-{Alphabet[check]}");
        return new CertificateNumber(year, serial, value);
    }

    /// <summary>Makes a number for a programme year with a serial from the cryptographic random generator.</summary>
    /// <remarks>Not for orchestrator code, which must stay deterministic: call it in an activity.</remarks>
    /// <param name="year">The programme year, <see cref="MinYear"/> to <see cref="MaxYear"/>.</param>
    public static CertificateNumber CreateRandom(int year) => Create(year, RandomNumberGenerator.GetInt32(SerialCount));

    /// <summary>Reads a number as a person typed it.</summary>
    /// <param name="text">The number; case, spaces and hyphens are free, I/L/O/S are read as 1/1/0/5.</param>
    /// <param name="number">The number read, when the result is <see cref="CertificateNumberProblem.None"/>.</param>
    /// <returns>What is wrong with the text, or <see cref="CertificateNumberProblem.None"/>.</returns>
    public static CertificateNumberProblem Validate(string? text, out CertificateNumber? number)
    {
        number = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return CertificateNumberProblem.Empty;
        }

        Span<char> compact = stackalloc char[CompactLength];
        var length = 0;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || c is '-' or '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2212')
            {
                continue;
            }

            if (length == CompactLength)
            {
                return CertificateNumberProblem.WrongShape;
            }

            compact[length++] = char.ToUpperInvariant(c);
        }

        if (length != CompactLength || !compact[..3].SequenceEqual(Prefix))
        {
            return CertificateNumberProblem.WrongShape;
        }

        Span<int> values = stackalloc int[CompactLength - 3];
        for (var i = 0; i < values.Length; i++)
        {
            var value = Alphabet.IndexOf(ReadAlike(compact[3 + i]), StringComparison.Ordinal);
            if (value < 0)
            {
                return CertificateNumberProblem.UnknownCharacter;
            }

            values[i] = value;
        }

        var year = 0;
        for (var i = 0; i < 4; i++)
        {
            if (values[i] > 9)
            {
                return CertificateNumberProblem.WrongShape;
            }

            year = (year * 10) + values[i];
        }

        if (year < MinYear)
        {
            return CertificateNumberProblem.WrongShape;
        }

        if ((WeightedSum(values[..^1]) + values[^1]) % Modulus != 0)
        {
            return CertificateNumberProblem.CheckCharacterMismatch;
        }

        var serial = 0;
        for (var i = 4; i < 4 + SerialLength; i++)
        {
            serial = (serial * Modulus) + values[i];
        }

        number = Create(year, serial);
        return CertificateNumberProblem.None;
    }

    /// <summary>Reads a number as a person typed it (see <see cref="Validate"/>).</summary>
    /// <param name="text">The number as typed.</param>
    /// <param name="number">The number read, or <see langword="null"/>.</param>
    /// <returns>Whether the text is a valid certificate number.</returns>
    public static bool TryParse(string? text, [NotNullWhen(true)] out CertificateNumber? number) =>
        Validate(text, out number) == CertificateNumberProblem.None;

    /// <summary>Reads a number as a person typed it (see <see cref="Validate"/>).</summary>
    /// <param name="text">The number as typed.</param>
    /// <exception cref="FormatException">The text is not a valid certificate number; the message says why.</exception>
    public static CertificateNumber Parse(string? text)
    {
        var problem = Validate(text, out var number);
        return problem switch
        {
            CertificateNumberProblem.None => number!,
            CertificateNumberProblem.Empty => throw new FormatException("The certificate number is empty."),
            CertificateNumberProblem.WrongShape => throw new FormatException(
                $"'{text}' is not shaped like a certificate number ({Prefix}-yyyy-XXXXXX-C)."),
            CertificateNumberProblem.UnknownCharacter => throw new FormatException(
                $"'{text}' contains a character that certificate numbers never use."),
            _ => throw new FormatException(
                $"'{text}' fails its check character: a character is mistyped or two are swapped."),
        };
    }

    /// <summary>The canonical written form, <c>WUB-yyyy-XXXXXX-C</c>.</summary>
    public override string ToString() => Value;

    // The characters left out of the alphabet, read as the symbol they are mistaken for.
    private static char ReadAlike(char c) => c switch
    {
        'O' => '0',
        'I' or 'L' => '1',
        'S' => '5',
        _ => c,
    };

    // Weights 2, 3, 4 … for year and serial symbols; the check symbol has weight 1. All are distinct and below 31.
    private static int WeightedSum(ReadOnlySpan<int> values)
    {
        var sum = 0;
        for (var i = 0; i < values.Length; i++)
        {
            sum += (i + 2) * values[i];
        }

        return sum;
    }
}
