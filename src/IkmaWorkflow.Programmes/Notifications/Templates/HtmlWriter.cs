using System.Runtime.CompilerServices;
using System.Text;

namespace IkmaWorkflow.Programmes.Notifications;

/// <summary>
/// Builds an email's HTML part. Text written through <see cref="Append"/> is an interpolated string whose literal
/// parts are markup and whose every interpolated value is HTML-escaped, so a name such as
/// <c>&lt;script&gt;</c> or <c>Sari &amp; Co</c> can never become markup.
/// </summary>
internal sealed class HtmlWriter
{
    private readonly StringBuilder _html = new();

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "The handler writes to this instance: InterpolatedStringHandlerArgument passes it.")]
    public void Append([InterpolatedStringHandlerArgument("")] ref EscapingHandler markup) => _ = markup;

    public override string ToString() => _html.ToString();

    /// <summary>The interpolated-string handler behind <see cref="Append"/>: literals as written, values escaped.</summary>
    [InterpolatedStringHandler]
    public readonly ref struct EscapingHandler
    {
        private readonly StringBuilder _html;

        public EscapingHandler(int literalLength, int formattedCount, HtmlWriter writer)
        {
            _ = literalLength;
            _ = formattedCount;
            _html = writer._html;
        }

        public void AppendLiteral(string markup) => _html.Append(markup);

        public void AppendFormatted(string? value) => _html.Append(HtmlText.Escape(value));

        public void AppendFormatted(int value) => _html.Append(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
