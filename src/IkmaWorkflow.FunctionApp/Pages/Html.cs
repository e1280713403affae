using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using IkmaWorkflow.Programmes;

namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>A piece of HTML that is already safe: markup written by the pages, with every value in it escaped.</summary>
/// <param name="Value">The HTML.</param>
public readonly record struct Markup(string Value)
{
    /// <summary>No HTML.</summary>
    public static Markup Empty { get; } = new(string.Empty);

    /// <inheritdoc/>
    public override string ToString() => Value ?? string.Empty;
}

/// <summary>
/// The one way the pages write HTML: <see cref="Of"/> takes an interpolated string whose literal parts are markup and
/// whose every value is escaped, unless it is <see cref="Markup"/> built the same way. A participant named
/// <c>&lt;script&gt;</c> or a letter numbered <c>B-1 &amp; "2"</c> can never become markup.
/// </summary>
public static class Html
{
    /// <summary>The markup of <paramref name="html"/>, its values escaped.</summary>
    public static Markup Of([InterpolatedStringHandlerArgument] ref HtmlHandler html) => html.ToMarkup();

    /// <summary>Each item's markup, one after the other.</summary>
    public static Markup Join<T>(IEnumerable<T> items, Func<T, Markup> render)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(render);
        var html = new StringBuilder();
        foreach (var item in items)
        {
            html.Append(render(item).Value);
        }

        return new Markup(html.ToString());
    }

    /// <summary>Writes literals as markup and escapes every value that is not <see cref="Markup"/>.</summary>
    [InterpolatedStringHandler]
    public ref struct HtmlHandler
    {
        private readonly StringBuilder _html;

        /// <summary>Starts the HTML.</summary>
        public HtmlHandler(int literalLength, int formattedCount)
        {
            _ = formattedCount;
            _html = new StringBuilder(literalLength + 64);
        }

        /// <summary>Markup as written.</summary>
        public readonly void AppendLiteral(string markup) => _html.Append(markup);

        /// <summary>Markup built by <see cref="Of"/>, as it is.</summary>
        public readonly void AppendFormatted(Markup markup) => _html.Append(markup.Value);

        /// <summary>A text, escaped.</summary>
        public readonly void AppendFormatted(string? text) => _html.Append(HtmlText.Escape(text));

        /// <summary>Any other value, as invariant text, escaped.</summary>
        public readonly void AppendFormatted<T>(T value) => _html.Append(HtmlText.Escape(Convert.ToString(value, CultureInfo.InvariantCulture)));

        /// <summary>The markup written.</summary>
        public readonly Markup ToMarkup() => new(_html.ToString());
    }
}
