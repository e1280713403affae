using System.Collections.Concurrent;
using System.Diagnostics;

namespace IkmaWorkflow.Benchmarks.Driver;

/// <summary>
/// The driver's live child processes, killed when the driver exits however it exits (the normal path stops them
/// first; this is the last resort for an exit that skips it).
/// </summary>
internal static class ChildProcesses
{
    private static readonly ConcurrentDictionary<int, Process> s_live = new();

    static ChildProcesses() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();

    public static void Add(Process process) => s_live[process.Id] = process;

    public static void Remove(Process process) => s_live.TryRemove(process.Id, out _);

    public static void KillAll()
    {
        foreach (var process in s_live.Values)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }

        s_live.Clear();
    }
}
