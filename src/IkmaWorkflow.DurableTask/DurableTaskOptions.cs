namespace IkmaWorkflow.DurableTask;

/// <summary>Settings of the durable runtime (section <c>DurableTask</c>; app settings <c>DurableTask__Key</c>).</summary>
public sealed class DurableTaskOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "DurableTask";

    /// <summary>The default of <see cref="MaxTimerHop"/>: a minute under the queue's 7-day visibility limit.</summary>
    public static readonly TimeSpan DefaultMaxTimerHop = TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1);

    /// <summary>
    /// The task hub: the prefix of the runtime's table (<c>{hub}Instances</c>), queues (<c>{hub}-orchestrations</c>,
    /// <c>{hub}-activities</c>) and blob container (<c>{hub}-payloads</c>). 3–40 lowercase letters and digits,
    /// starting with a letter. Default <c>ikma</c>.
    /// </summary>
    public string HubName { get; set; } = "ikma";

    /// <summary>Attempts before a message goes to the poison queue and its instance is marked Failed. Default 5, as <c>host.json</c>.</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>
    /// The longest a timer message (or a scheduled start's wake-up) stays invisible before the runtime checks it
    /// again against its clock: a timer not yet due by the <see cref="TimeProvider"/> hops again, so longer timers
    /// are chained. Default <c>6.23:59:00</c>, just under the queue's 7-day visibility limit; from 1 second to 7 days.
    /// A short hop lets a test that moves a fake clock forward see a long timer fire within about a hop.
    /// </summary>
    public TimeSpan MaxTimerHop { get; set; } = DefaultMaxTimerHop;

    /// <summary>
    /// Whether an activity runs in the process whose episode scheduled it, its result going straight to the
    /// instance's next episode, instead of through the activity queue. One guard message per instance, invisible
    /// while the activities run, hands them to the activity queue if the process dies. Default true; false sends
    /// every call through the activity queue, so that activities spread over all the app's instances.
    /// </summary>
    public bool LocalActivities { get; set; } = true;

    /// <summary>
    /// How long the guard message of an instance's in-process activities stays invisible; it is renewed at half
    /// this while they run, so after a crash they are sent to the activity queue within this time. Default
    /// 1 minute; from 2 seconds to 7 days.
    /// </summary>
    public TimeSpan LocalActivityLease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The most in-process activities that run at once in this process; more wait for a slot. Default 100.</summary>
    public int MaxLocalActivities { get; set; } = 100;

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
        _ when MaxTimerHop < TimeSpan.FromSeconds(1) || MaxTimerHop > TimeSpan.FromDays(7)
            => $"{SectionName}:MaxTimerHop must be from 00:00:01 to 7.00:00:00 (the queue's visibility limit), not {MaxTimerHop}.",
        _ when LocalActivityLease < TimeSpan.FromSeconds(2) || LocalActivityLease > TimeSpan.FromDays(7)
            => $"{SectionName}:LocalActivityLease must be from 00:00:02 to 7.00:00:00, not {LocalActivityLease}.",
        { MaxLocalActivities: < 1 } => $"{SectionName}:MaxLocalActivities must be at least 1.",
        _ => null,
    };
}
