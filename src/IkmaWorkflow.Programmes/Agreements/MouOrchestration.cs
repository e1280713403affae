using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Programmes.Organisations;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.WakeUps;
using Microsoft.DurableTask;

namespace IkmaWorkflow.Programmes.Agreements;

/// <summary>An MoU to watch until it expires or is renewed.</summary>
/// <param name="MouId">The MoU.</param>
/// <param name="ExpiresAtUtc">The end of its last valid day (WIB), in UTC.</param>
public sealed record MouWatch(string MouId, DateTime ExpiresAtUtc);

/// <summary>A reminder that an MoU expires soon.</summary>
/// <param name="MouId">The MoU.</param>
/// <param name="DaysBefore">How many days before expiry this reminder is.</param>
/// <param name="InstanceId">The orchestration instance (part of the email's dedupe key).</param>
public sealed record MouNotice(string MouId, int DaysBefore, string InstanceId);

/// <summary>
/// Watches one MoU (instance <c>mou-{id}</c>): reminds the coordinators 90, 30 and 7 days before it expires, unless a
/// renewing MoU is registered first, which raises <see cref="RenewedEvent"/> and ends the watch as <c>Renewed</c>. The
/// renewal itself is recorded by the form, in the same transaction as the new MoU.
/// </summary>
/// <remarks>
/// Each wait is a wake-up at a business moment (expiry minus 90, 30, 7 days; expiry), scheduled on the app's clock and
/// raised by the daily deadline check (docs/time-and-deadlines.md). A moment already past when the watch gets there
/// is skipped, so a watch started late, or one whose clock jumped, does not send stale reminders in a row.
/// </remarks>
public sealed class MouOrchestration
{
    /// <summary>The event a renewal raises.</summary>
    public const string RenewedEvent = "Renewed";

    /// <summary>Days before expiry that the coordinators are reminded.</summary>
    public static readonly IReadOnlyList<int> ReminderDays = [90, 30, 7];

    /// <summary>The instance id watching an MoU.</summary>
    public static string InstanceIdOf(string mouId) => "mou-" + mouId;

    /// <summary>Watches until expiry or renewal; returns <c>Expired</c> or <c>Renewed</c>.</summary>
    public async Task<string> RunAsync(TaskOrchestrationContext context, MouWatch input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var renewed = context.WaitForExternalEvent<object?>(RenewedEvent);
        var expiresAt = new DateTimeOffset(DateTime.SpecifyKind(input.ExpiresAtUtc, DateTimeKind.Utc));
        DateTimeOffset? now = null;
        foreach (var days in ReminderDays)
        {
            var remindAt = expiresAt.AddDays(-days);
            if (remindAt <= now)
            {
                continue;
            }

            var ticket = await WakeUpWait.ScheduleAtAsync(context, remindAt);
            if (ticket.AlreadyDue)
            {
                now = ticket.ScheduledAt;
                continue;
            }

            context.SetCustomStatus(new { waitingFor = $"the reminder {days} days before expiry, or a renewal", waitingForIndonesian = $"pengingat {days} hari sebelum berakhir, atau perpanjangan" });
            if (await WakeUpWait.WaitAsync(context, ticket, renewed) is not { } signal
                || !await context.CallActivityAsync<bool>(nameof(NotifyMouExpiring), new MouNotice(input.MouId, days, context.InstanceId)))
            {
                return "Renewed";
            }

            now = WakeUpWait.Reached(signal, remindAt);
        }

        context.SetCustomStatus(new { waitingFor = "expiry, or a renewal", waitingForIndonesian = "berakhirnya MoU, atau perpanjangan" });
        var expiry = await WakeUpWait.ScheduleAtAsync(context, expiresAt);
        return await WakeUpWait.WaitAsync(context, expiry, renewed) is null ? "Renewed" : "Expired";
    }
}

/// <summary>
/// Emails the coordinators of the MoU's ministry-unit parties that it expires soon; answers <see langword="false"/>
/// (and sends nothing) when it has been renewed meanwhile.
/// </summary>
public sealed class NotifyMouExpiring(RecordStore store, EmailOutbox outbox, TimeProvider time)
{
    /// <summary>Sends the reminder of <paramref name="input"/>; <see langword="false"/> when the MoU was renewed meanwhile.</summary>
    public async Task<bool> RunAsync(MouNotice input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var mou = (await store.Mous.GetEntityAsync<MouEntity>(MouEntity.Partition, input.MouId, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        if (mou.RenewedByMouId is not null)
        {
            return false;
        }

        var parties = mou.PartyIds.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var names = new List<string>();
        var people = new List<PersonEntity>();
        foreach (var party in parties)
        {
            var organisation = await store.Organisations.GetEntityIfExistsAsync<OrganisationEntity>(OrganisationEntity.Partition, party, cancellationToken: cancellationToken).ConfigureAwait(false);
            names.Add(organisation.HasValue ? organisation.Value!.Name : party);
            if (organisation.HasValue && organisation.Value!.KindValue == OrganisationKind.MinistryUnit)
            {
                people.AddRange(await OrganisationPeople.WithRoleAsync(store, party, PersonRole.Coordinator, cancellationToken).ConfigureAwait(false));
            }
        }

        if (people.Count > 0)
        {
            var notice = new MouExpiring(mou.Number, names, DateText.Parse(mou.ValidUntil));
            var key = $"{input.InstanceId}|expiring|{input.DaysBefore}";
            await OrganisationPeople.RecordEmailAsync(store, time, null, key, people, cancellationToken).ConfigureAwait(false);
            await outbox.EnqueueAsync(notice, OrganisationPeople.Recipients(store, people), key, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }
}
