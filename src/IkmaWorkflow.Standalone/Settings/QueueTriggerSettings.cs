namespace IkmaWorkflow.Standalone.Settings;

/// <summary>Queue-trigger settings from <c>host.json</c> <c>extensions.queues</c>, with the host's defaults.</summary>
public sealed record QueueTriggerSettings
{
    /// <summary>Messages fetched at once per queue. Default 16, at most 32.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>A new batch is fetched when this many or fewer messages are still in flight. Default <c>BatchSize / 2</c>.</summary>
    public int NewBatchThreshold { get; init; } = 8;

    /// <summary>Longest wait between polls of an empty queue. Default 1 minute.</summary>
    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Delay before a failed message is retried. Default zero.</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.Zero;

    /// <summary>Attempts before a message moves to the poison queue. Default 5.</summary>
    public int MaxDequeueCount { get; init; } = 5;

    /// <summary>Whether queue messages are base64-encoded (the default) rather than plain text.</summary>
    public bool Base64Encoding { get; init; } = true;
}
