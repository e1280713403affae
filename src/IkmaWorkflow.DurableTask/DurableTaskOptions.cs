namespace IkmaWorkflow.DurableTask;

/// <summary>Settings of the durable runtime (section <c>DurableTask</c>; app settings <c>DurableTask__Key</c>).</summary>
public sealed class DurableTaskOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "DurableTask";

    /// <summary>
    /// The task hub: the prefix of the runtime's table (<c>{hub}Instances</c>), queues (<c>{hub}-orchestrations</c>,
    /// <c>{hub}-activities</c>) and blob container (<c>{hub}-payloads</c>). 3–40 lowercase letters and digits,
    /// starting with a letter. Default <c>ikma</c>.
    /// </summary>
    public string HubName { get; set; } = "ikma";

    /// <summary>Attempts before a message goes to the poison queue and its instance is marked Failed. Default 5, as <c>host.json</c>.</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>How long a timer message may stay invisible per hop; longer timers are chained. Default 6 days (the queue limit is 7).</summary>
    public TimeSpan MaxTimerHop { get; set; } = TimeSpan.FromDays(6);

    /// <summary>Whether queue messages are base64, as the Functions host reads them by default. Default true.</summary>
    public bool Base64Messages { get; set; } = true;

    /// <summary>The table name.</summary>
    public string InstancesTable => HubName + "Instances";

    /// <summary>The queue of orchestration work.</summary>
    public string OrchestrationQueue => HubName + "-orchestrations";

    /// <summary>The queue of activity work.</summary>
    public string ActivityQueue => HubName + "-activities";

    /// <summary>The container of large payloads.</summary>
    public string PayloadContainer => HubName + "-payloads";

    /// <summary>Checks the values, naming the first bad key.</summary>
    /// <returns>The problem, or <see langword="null"/>.</returns>
    public string? Validate() => this switch
    {
        _ when HubName.Length is < 3 or > 40 || !char.IsAsciiLetterLower(HubName[0]) || !HubName.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))
            => $"{SectionName}:HubName must be 3 to 40 lowercase letters and digits, starting with a letter, not \"{HubName}\".",
        { MaxDequeueCount: < 1 } => $"{SectionName}:MaxDequeueCount must be at least 1.",
        _ when MaxTimerHop <= TimeSpan.Zero || MaxTimerHop > TimeSpan.FromDays(7) => $"{SectionName}:MaxTimerHop must be positive and at most 7 days.",
        _ => null,
    };
}
