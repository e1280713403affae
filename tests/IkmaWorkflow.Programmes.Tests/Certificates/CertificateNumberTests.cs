using IkmaWorkflow.Programmes.Certificates;

namespace IkmaWorkflow.Programmes.Tests.Certificates;

public class CertificateNumberTests
{
    // Worked by hand: year digits 2,0,2,4 with weights 2–5 give 32; a zero serial adds nothing;
    // 32 mod 31 = 1, so the check symbol has value 30, the alphabet's last symbol, Z.
    [Fact]
    public void Create_FirstSerial_CanonicalFormWithCheckSymbol()
    {
        var number = CertificateNumber.Create(2024, 0);

        Assert.Equal("WUB-2024-000000-Z", number.Value);
        Assert.Equal("WUB-2024-000000-Z", number.ToString());
        Assert.Equal(2024, number.Year);
        Assert.Equal(0, number.Serial);
    }

    // Serial symbols all Z (30) with weights 6–11: 30 × 51 = 1530; plus 32 for the year is 1562 ≡ 12 (mod 31);
    // the check is 31 − 12 = 19, which is K.
    [Fact]
    public void Create_LastSerial_AllZWithCheckSymbol()
    {
        var number = CertificateNumber.Create(2024, CertificateNumber.SerialCount - 1);

        Assert.Equal("WUB-2024-ZZZZZZ-K", number.Value);
    }

    [Theory]
    [InlineData(1999, 0)]
    [InlineData(10000, 0)]
    [InlineData(2024, -1)]
    [InlineData(2024, CertificateNumber.SerialCount)]
    public void Create_OutOfRange_Throws(int year, int serial)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CertificateNumber.Create(year, serial));
    }

    [Fact]
    public void Alphabet_LeavesOutLookalikes()
    {
        Assert.Equal(31, CertificateNumber.Alphabet.Length);
        Assert.Equal(31, CertificateNumber.Alphabet.Distinct().Count());
        Assert.DoesNotContain(CertificateNumber.Alphabet, c => "ILOSU".Contains(c, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(2000, 0)]
    [InlineData(2023, 48_213_007)]
    [InlineData(2024, 123_456_789)]
    [InlineData(2099, CertificateNumber.SerialCount - 1)]
    public void Parse_CreatedNumber_RoundTrips(int year, int serial)
    {
        var number = CertificateNumber.Create(year, serial);

        var parsed = CertificateNumber.Parse(number.Value);

        Assert.Equal(number, parsed);
        Assert.Equal(year, parsed.Year);
        Assert.Equal(serial, parsed.Serial);
    }

    [Fact]
    public void Validate_TypedLoosely_ReadsTheSameNumber()
    {
        // Serial 0-1-0-1-5-0 in base 31 contains every symbol that has a lookalike.
        var serial = (((((0 * 31) + 1) * 31 + 0) * 31 + 1) * 31 + 5) * 31;
        var number = CertificateNumber.Create(2024, serial);
        Assert.Equal("WUB-2024-01015", number.Value[..14]);
        var typed = "wub 2O24 " + "oIoLso" + " " + number.Value[^1..].ToLowerInvariant();

        var problem = CertificateNumber.Validate(typed, out var parsed);

        Assert.Equal(CertificateNumberProblem.None, problem);
        Assert.Equal(number, parsed);
        Assert.True(CertificateNumber.TryParse($"  {number.Value.Replace('-', '\u2013')}  ", out var withEnDashes));
        Assert.Equal(number, withEnDashes);
    }

    [Fact]
    public void Validate_EverySingleMistypedSymbol_IsDetected()
    {
        var number = CertificateNumber.Create(2024, 123_456_789);
        var symbols = SymbolPositions(number.Value);

        var tried = 0;
        foreach (var position in symbols)
        {
            foreach (var replacement in CertificateNumber.Alphabet)
            {
                if (replacement == number.Value[position])
                {
                    continue;
                }

                var typed = Replace(number.Value, position, replacement);
                var problem = CertificateNumber.Validate(typed, out var parsed);
                Assert.True(problem != CertificateNumberProblem.None, $"'{typed}' (one symbol changed) was accepted as {parsed}.");
                tried++;
            }
        }

        Assert.Equal(11 * 30, tried);
    }

    [Fact]
    public void Validate_MistypedSerialSymbol_ReportsTheCheckSymbol()
    {
        var number = CertificateNumber.Create(2024, 123_456_789);
        var typed = Replace(number.Value, 10, number.Value[10] == 'K' ? 'X' : 'K');

        Assert.Equal(CertificateNumberProblem.CheckCharacterMismatch, CertificateNumber.Validate(typed, out var parsed));
        Assert.Null(parsed);
    }

    [Fact]
    public void Validate_AnyTwoSymbolsSwapped_IsDetected()
    {
        var symbols = SymbolPositions(CertificateNumber.Create(2024, 0).Value);
        var swaps = 0;
        foreach (var serial in new[] { 123_456_789, 48_213_007, 777_000_111, 5 })
        {
            var value = CertificateNumber.Create(2024, serial).Value;
            for (var i = 0; i < symbols.Count; i++)
            {
                for (var j = i + 1; j < symbols.Count; j++)
                {
                    var (a, b) = (symbols[i], symbols[j]);
                    if (value[a] == value[b])
                    {
                        continue;
                    }

                    var chars = value.ToCharArray();
                    (chars[a], chars[b]) = (chars[b], chars[a]);
                    var typed = new string(chars);
                    Assert.True(
                        CertificateNumber.Validate(typed, out _) != CertificateNumberProblem.None,
                        $"'{typed}' ('{value}' with two symbols swapped) was accepted.");
                    swaps++;
                }
            }
        }

        Assert.True(swaps > 150, $"Only {swaps} swaps were tried.");
    }

    [Theory]
    [InlineData(null, CertificateNumberProblem.Empty)]
    [InlineData("", CertificateNumberProblem.Empty)]
    [InlineData("   ", CertificateNumberProblem.Empty)]
    [InlineData("WUB-2024-000000", CertificateNumberProblem.WrongShape)]
    [InlineData("WUB-2024-000000-ZZ", CertificateNumberProblem.WrongShape)]
    [InlineData("WUB-2024-000000-Z-000000-Z", CertificateNumberProblem.WrongShape)]
    [InlineData("ABC-2024-000000-Z", CertificateNumberProblem.WrongShape)]
    [InlineData("WUB-20A4-000000-Z", CertificateNumberProblem.WrongShape)]
    [InlineData("WUB-1999-000000-Z", CertificateNumberProblem.WrongShape)]
    [InlineData("WUB-2024-00U000-Z", CertificateNumberProblem.UnknownCharacter)]
    [InlineData("WUB-2024-00#000-Z", CertificateNumberProblem.UnknownCharacter)]
    [InlineData("WUB-2024-000000-Y", CertificateNumberProblem.CheckCharacterMismatch)]
    [InlineData("WUB-2024-000000-Z", CertificateNumberProblem.None)]
    public void Validate_Text_ReportsTheProblem(string? text, CertificateNumberProblem expected)
    {
        var problem = CertificateNumber.Validate(text, out var number);

        Assert.Equal(expected, problem);
        Assert.Equal(expected == CertificateNumberProblem.None, number is not null);
    }

    [Fact]
    public void Parse_MistypedNumber_FormatExceptionSaysWhy()
    {
        var error = Assert.Throws<FormatException>(() => CertificateNumber.Parse("WUB-2024-000000-Y"));

        Assert.Contains("WUB-2024-000000-Y", error.Message, StringComparison.Ordinal);
        Assert.Contains("check character", error.Message, StringComparison.Ordinal);
        Assert.False(CertificateNumber.TryParse("WUB-2024-000000-Y", out _));
    }

    [Fact]
    public void CreateRandom_ManyNumbers_ValidAndSpread()
    {
        var numbers = Enumerable.Range(0, 200).Select(_ => CertificateNumber.CreateRandom(2024)).ToList();

        Assert.All(numbers, n => Assert.Equal(n, CertificateNumber.Parse(n.Value)));
        Assert.All(numbers, n => Assert.Equal(2024, n.Year));
        // 200 draws from 31^6 serials: two equal pairs would happen about once in 10^9 runs.
        Assert.True(numbers.Distinct().Count() >= 199, "Random serials repeat.");
    }

    private static List<int> SymbolPositions(string value) =>
        Enumerable.Range(4, value.Length - 4).Where(i => value[i] != '-').ToList();

    private static string Replace(string value, int position, char replacement)
    {
        var chars = value.ToCharArray();
        chars[position] = replacement;
        return new string(chars);
    }
}
