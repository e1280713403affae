using System.Diagnostics;

namespace IkmaWorkflow.DurableTask.ProcessHost;

/// <summary>
/// Kills this process the <see cref="ProcessHostOptions.CrashOnHit"/>-th time checkpoint
/// <see cref="ProcessHostOptions.CrashAt"/> is reached. The worker reports its own checkpoints
/// (<c>DurableTaskWorker.Checkpoint</c>); the test activities report <see cref="ActivityRunning"/> in the middle of
/// their work. Any name is accepted, so checkpoints the worker gains later need no change here.
/// </summary>
internal sealed class CrashPoint(ProcessHostOptions options, WorkLog log)
{
    /// <summary>Reached by a test activity after it recorded its start and before it finishes.</summary>
    public const string ActivityRunning = "activity.running";

    private int _hits;

    public Task ReachAsync(string checkpoint)
    {
        if (options.CrashAt.Length > 0
            && string.Equals(checkpoint, options.CrashAt, StringComparison.Ordinal)
            && Interlocked.Increment(ref _hits) == options.CrashOnHit)
        {
            log.Crashing(checkpoint, options.CrashOnHit);

            // SIGKILL from the process to itself: no shutdown, no finally block, no message settled or released, as
            // when a machine loses power. Nothing after this line runs; FailFast is only a backstop.
            using var self = Process.GetCurrentProcess();
            self.Kill();
            Environment.FailFast($"The process survived its own kill at checkpoint {checkpoint}.");
        }

        return Task.CompletedTask;
    }
}
