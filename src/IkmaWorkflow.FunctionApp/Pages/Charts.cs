using System.Globalization;

namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>
/// Server-rendered bar charts as inline SVG: no script, no library, no inline style (the pages' content security
/// policy allows none; SVG's own attributes need none). Each chart is an image with a text alternative, and the pages
/// show its figures in a table next to it.
/// </summary>
internal static class Charts
{
    private const int BarWidth = 56;
    private const int Gap = 14;
    private const int Height = 150;
    private const int Top = 20;
    private const int Bottom = 44;

    /// <summary>One bar: its label (in the chart's text alternative), its value, the text written over it, and the short label under it.</summary>
    public sealed record Bar(string Label, double Value, string Shown, string Short);

    /// <summary>A vertical bar chart of <paramref name="bars"/> against <paramref name="max"/>, titled <paramref name="title"/>.</summary>
    public static Markup Bars(PageContext page, string title, IReadOnlyList<Bar> bars, double max)
    {
        var width = Math.Max(1, bars.Count) * (BarWidth + Gap) + Gap;
        var total = Top + Height + Bottom;
        var scale = max <= 0 ? 0 : Height / max;
        var id = "chart-" + Math.Abs(StringComparer.Ordinal.GetHashCode(title)).ToString(CultureInfo.InvariantCulture);
        var index = 0;
        var items = Html.Join(bars, b =>
        {
            var x = Gap + index++ * (BarWidth + Gap);
            var h = Math.Round(Math.Min(b.Value, max) * scale, 1);
            var y = Top + Height - h;
            return Html.Of($"""
                <g><title>{b.Label}: {b.Shown}</title>
                <rect class="bar" x="{x}" y="{y}" width="{BarWidth}" height="{h}"></rect>
                <text class="value" x="{x + BarWidth / 2}" y="{y - 4}" text-anchor="middle">{b.Shown}</text>
                <text class="label" x="{x + BarWidth / 2}" y="{Top + Height + 16}" text-anchor="middle">{b.Short}</text></g>
                """);
        });
        var alternative = string.Join("; ", bars.Select(b => $"{b.Label}: {b.Shown}"));
        return Html.Of($"""
            <figure class="chart">
            <svg viewBox="0 0 {width} {total}" width="{width}" height="{total}" role="img" aria-labelledby="{id}-title {id}-desc" focusable="false">
            <title id="{id}-title">{title}</title>
            <desc id="{id}-desc">{alternative}</desc>
            <line class="axis" x1="0" y1="{Top + Height}" x2="{width}" y2="{Top + Height}"></line>
            {items}
            </svg>
            <figcaption>{title}</figcaption>
            </figure>
            """);
    }
}
