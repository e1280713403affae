using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.Programmes.WakeUps;

/// <summary>
/// One stored wake-up in <c>{prefix}WakeUps</c>: partition the due day in WIB (<c>yyyy-MM-dd</c>), row
/// <c>{instanceId}|{token}</c>. Partition keys sort by date, so the daily scan reads only partitions up to today.
/// </summary>
public sealed class WakeUpEntity : RecordEntity
{
    /// <summary>The orchestration instance to wake.</summary>
    public string InstanceId { get; set; } = string.Empty;

    /// <summary>The wait's token.</summary>
    public string Token { get; set; } = string.Empty;

    /// <summary>When it is due, on the app's clock.</summary>
    public DateTimeOffset DueAt { get; set; }

    /// <summary>When it was scheduled, on the app's clock.</summary>
    public DateTimeOffset ScheduledAt { get; set; }

    /// <summary>The partition of a wake-up due at <paramref name="dueAt"/>: its day in WIB.</summary>
    public static string PartitionOf(DateTimeOffset dueAt) => DateText.Of(DateOnly.FromDateTime(dueAt.ToOffset(TimeSpan.FromHours(7)).DateTime));

    /// <summary>The row key of <paramref name="token"/>'s wake-up for <paramref name="instanceId"/>.</summary>
    public static string RowOf(string instanceId, string token) => $"{instanceId}|{token}";
}
