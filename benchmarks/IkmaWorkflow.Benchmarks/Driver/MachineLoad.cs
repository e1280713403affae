using System.Globalization;

namespace IkmaWorkflow.Benchmarks.Driver;

/// <summary>The machine's load, reported with every figure: the figures are only as good as the CPU the run got.</summary>
internal static class MachineLoad
{
    /// <summary>The one-minute load average (as <c>uptime</c> shows it), or null where <c>/proc/loadavg</c> does not exist.</summary>
    public static double? OneMinute()
    {
        try
        {
            var text = File.ReadAllText("/proc/loadavg");
            return double.Parse(text.Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
