using IkmaWorkflow.Programmes.Certificates.Issuance;

namespace IkmaWorkflow.Programmes.Tests.Certificates.Issuance;

public class HolderInitialsTests
{
    [Theory]
    [InlineData("Budi Santoso", "B. S.")]
    [InlineData("Dewi Kartika Sari", "D. K. S.")]
    [InlineData("Sukarno", "S.")]
    [InlineData("Siti Rahmawati, S.Sos.", "S. R.")]
    [InlineData("Ir. Bambang Prasetyo, M.M.", "B. P.")]
    [InlineData("Hj. Siti Aminah", "S. A.")]
    [InlineData("Dr. Rina Marlina, S.E., M.Si.", "R. M.")]
    [InlineData("Budi Santoso S.Kom", "B. S.")]
    [InlineData("Agus Wijaya A.Md.", "A. W.")]
    [InlineData("M. Yusuf", "M. Y.")]
    [InlineData("Ahmad bin Yusuf", "A. Y.")]
    [InlineData("  agus   wijaya ", "A. W.")]
    [InlineData("Nur-Aini Lestari", "N. L.")]
    [InlineData("'Aisyah Putri", "A. P.")]
    [InlineData("Ir.", "I.")]
    public void Of_Name_GivesInitials(string name, string expected)
    {
        Assert.Equal(expected, HolderInitials.Of(name));
    }

    [Fact]
    public void Of_DecomposedAccent_KeepsTheLetterWhole()
    {
        // "Ádi" typed as A + combining acute accent.
        Assert.Equal("\u00C1. N.", HolderInitials.Of("A\u0301di Nugroho"));
    }

    [Fact]
    public void Of_NoLetters_ThrowsNamingTheName()
    {
        var ex = Assert.Throws<ArgumentException>(() => HolderInitials.Of("123 -"));

        Assert.Contains("'123 -'", ex.Message, StringComparison.Ordinal);
    }
}
