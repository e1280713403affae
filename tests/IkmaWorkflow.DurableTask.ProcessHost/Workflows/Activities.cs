namespace IkmaWorkflow.DurableTask.ProcessHost.Workflows;

/// <summary>n + 1.</summary>
internal sealed class Increment(WorkLog log, CrashPoint crash) : TaskActivity<int, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, int input)
    {
        log.ActivityStarted(context);
        await crash.ReachAsync(CrashPoint.ActivityRunning);
        log.ActivityFinished(context);
        return input + 1;
    }
}

/// <summary>n².</summary>
internal sealed class Square(WorkLog log, CrashPoint crash) : TaskActivity<int, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, int input)
    {
        log.ActivityStarted(context);
        await crash.ReachAsync(CrashPoint.ActivityRunning);
        log.ActivityFinished(context);
        return input * input;
    }
}
