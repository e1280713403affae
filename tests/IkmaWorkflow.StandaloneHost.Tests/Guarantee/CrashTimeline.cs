using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace IkmaWorkflow.StandaloneHost.Tests.Guarantee;

/// <summary>What happened when, from the test's start: the figures a crash test reports.</summary>
internal sealed class CrashTimeline
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<(TimeSpan At, string What)> _events = [];
    private readonly Lock _lock = new();

    /// <summary>The time since the test started.</summary>
    public TimeSpan Now => _clock.Elapsed;

    /// <summary>Records <paramref name="what"/> now; answers the time.</summary>
    public TimeSpan Mark(string what)
    {
        var at = _clock.Elapsed;
        lock (_lock)
        {
            _events.Add((at, what));
        }

        return at;
    }

    /// <summary>Every event, one line each, with its time in seconds.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        lock (_lock)
        {
            foreach (var (at, what) in _events.OrderBy(e => e.At))
            {
                text.Append(CultureInfo.InvariantCulture, $"{at.TotalSeconds,8:0.0} s  {what}").AppendLine();
            }
        }

        return text.ToString();
    }
}
