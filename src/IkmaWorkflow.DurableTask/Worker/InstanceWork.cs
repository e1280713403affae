using IkmaWorkflow.DurableTask.Storage;

namespace IkmaWorkflow.DurableTask.Worker;

/// <summary>
/// What this process holds of one instance while it has work here: messages waiting for the next episode, the
/// activities it runs in process, their guard, and the state it last committed. Gone once the instance waits on
/// nothing in this process, so an idle instance costs no memory. Guarded by the worker's instance lock.
/// </summary>
internal sealed class InstanceWork
{
    /// <summary>Queue messages and in-process results for the next episode.</summary>
    public List<PendingItem> Pending { get; } = [];

    /// <summary>Whether the instance's episode loop runs.</summary>
    public bool Running { get; set; }

    /// <summary>
    /// The state and history as this process last committed or read them, reused by an episode made only of
    /// in-process results; the commit's ETag tells whether another writer came in between.
    /// </summary>
    public InstanceSnapshot? Committed { get; set; }

    /// <summary>The execution the in-process activities belong to.</summary>
    public string? LocalExecutionId { get; set; }

    /// <summary>Steps whose activity this process started in process and whose result is not committed yet.</summary>
    public HashSet<int> LocalOpen { get; } = [];

    /// <summary>The guard message covering the in-process activities, while there are any.</summary>
    public ActivityGuard? Guard { get; set; }

    /// <summary>Replaced when the in-process work is given up, so results of activities still running are discarded.</summary>
    public object Epoch { get; set; } = new();
}

/// <summary>A message or result waiting for the instance's next episode.</summary>
/// <param name="Message">The message, or an in-process activity's result wrapped as one.</param>
/// <param name="Done">Completed when the episode that handled a queue message committed; null for what this process produced itself.</param>
internal readonly record struct PendingItem(OrchestrationMessage Message, TaskCompletionSource? Done)
{
    /// <summary>Whether this is an in-process activity's result.</summary>
    public bool IsLocalResult => Done is null && Message.Event is History.TaskEvent;
}

/// <summary>A guard message this process sent and keeps invisible while the activities it covers run here.</summary>
/// <param name="id">The guard's id, recorded in the instance's state.</param>
/// <param name="messageId">The queue message's id.</param>
/// <param name="popReceipt">The pop receipt the message was sent with.</param>
// Its token source has no timer and its wait handle is never used, so there is nothing to dispose; it is cancelled
// by whichever of release, replacement or abandonment comes first, and the others may call again.
#pragma warning disable CA1001
internal sealed class ActivityGuard(string id, string messageId, string popReceipt)
#pragma warning restore CA1001
{
    private readonly CancellationTokenSource _stop = new();
    private Task _renewing = Task.CompletedTask;

    public string Id => id;

    public string MessageId => messageId;

    /// <summary>The newest pop receipt: each renewal issues a new one.</summary>
    public string PopReceipt { get; set; } = popReceipt;

    /// <summary>Whether a commit has recorded the guard in the instance's state.</summary>
    public bool Recorded { get; set; }

    /// <summary>Starts renewing with <paramref name="renew"/>, which runs until its token is cancelled.</summary>
    public void StartRenewing(Func<ActivityGuard, CancellationToken, Task> renew) => _renewing = renew(this, _stop.Token);

    /// <summary>Stops renewing (again is harmless); afterwards <see cref="PopReceipt"/> no longer changes.</summary>
    public async Task StopRenewingAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        await _renewing;
    }
}
