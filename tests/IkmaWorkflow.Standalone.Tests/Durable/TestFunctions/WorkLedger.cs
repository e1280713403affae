using System.Collections.Concurrent;

namespace IkmaWorkflow.Standalone.Tests.Durable.TestFunctions;

/// <summary>What ran where, shared by the hosts of one test: activity calls and orchestration completions per host.</summary>
public sealed class WorkLedger
{
    private readonly ConcurrentQueue<(string Host, string Key)> _activities = new();
    private readonly ConcurrentQueue<(string Host, string InstanceId)> _completions = new();

    /// <summary>Activity calls recorded so far.</summary>
    public IReadOnlyCollection<(string Host, string Key)> Activities => _activities;

    /// <summary>Orchestrations that ran their last step (not in replay), with the host that ran it.</summary>
    public IReadOnlyCollection<(string Host, string InstanceId)> Completions => _completions;

    /// <summary>Records an activity call.</summary>
    public void RecordActivity(string host, string key) => _activities.Enqueue((host, key));

    /// <summary>Records an orchestration's last step.</summary>
    public void RecordCompletion(string host, string instanceId) => _completions.Enqueue((host, instanceId));
}
