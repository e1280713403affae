namespace IkmaWorkflow.Programmes.Notifications;

/// <summary>A short text in Indonesian and English, such as a stage name or what a step waits for.</summary>
public sealed record BilingualText
{
    /// <summary>Creates the text; both languages are required.</summary>
    /// <exception cref="ArgumentException">A language is missing.</exception>
    public BilingualText(string indonesian, string english)
    {
        Indonesian = Require.Text(indonesian, nameof(indonesian));
        English = Require.Text(english, nameof(english));
    }

    /// <summary>The Indonesian text, shown first.</summary>
    public string Indonesian { get; }

    /// <summary>The English text.</summary>
    public string English { get; }

    /// <summary>A follow-up checkpoint after release: <c>12 bulan</c> / <c>12 months</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="months"/> is not positive.</exception>
    public static BilingualText MonthsAfterRelease(int months)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(months);
        return new BilingualText($"{months} bulan", months == 1 ? "1 month" : $"{months} months");
    }
}
