using System.Diagnostics;
using System.Diagnostics.Metrics;
using IkmaWorkflow.Programmes.Orchestrations;

namespace IkmaWorkflow.Programmes;

/// <summary>
/// The app's own OpenTelemetry signals (docs/telemetry.md): the <c>IkmaWorkflow</c> <see cref="ActivitySource"/>
/// for spans and the <c>IkmaWorkflow</c> <see cref="System.Diagnostics.Metrics.Meter"/> with its instruments. Both cost
/// nothing until a listener (the function app's OpenTelemetry providers, or a test) subscribes.
/// </summary>
public static class Telemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "IkmaWorkflow";

    /// <summary>The tag with the programme's id.</summary>
    public const string ProgrammeIdTag = "ikma.programme_id";

    /// <summary>The tag with the id of the orchestration instance the work belongs to.</summary>
    public const string InstanceIdTag = "ikma.orchestration_instance_id";

    /// <summary>The tag with a form's name: its method and route template, such as <c>POST programmes/{id}/participants</c>.</summary>
    public const string FormTag = "ikma.form";

    /// <summary>The tag with the way an email went out: <c>SendGrid</c> or the blob mailbox.</summary>
    public const string DeliveryTag = "ikma.email.delivery";

    /// <summary>The source of the app's spans.</summary>
    public static readonly ActivitySource Source = new(Name);

    /// <summary>The meter of the app's metrics.</summary>
    public static readonly Meter Meter = new(Name);

    /// <summary>
    /// <c>ikma.forms.submitted</c>: forms applied (answered 2xx the first time; replays are not counted), by
    /// <see cref="FormTag"/> and, for a programme's forms, <see cref="ProgrammeIdTag"/>.
    /// </summary>
    public static readonly Counter<long> FormsSubmitted = Meter.CreateCounter<long>("ikma.forms.submitted", "{form}", "Forms applied, by form.");

    /// <summary><c>ikma.certificates.issued</c>: certificates issued or reissued, by <see cref="ProgrammeIdTag"/>.</summary>
    public static readonly Counter<long> CertificatesIssued = Meter.CreateCounter<long>("ikma.certificates.issued", "{certificate}", "Certificates issued (reissues included).");

    /// <summary><c>ikma.emails.sent</c>: emails delivered (to SendGrid, or to the blob mailbox locally), by <see cref="DeliveryTag"/>.</summary>
    public static readonly Counter<long> EmailsSent = Meter.CreateCounter<long>("ikma.emails.sent", "{email}", "Emails delivered.");

    /// <summary><c>ikma.emails.failed</c>: emails given up on (refused, or out of attempts), by <see cref="DeliveryTag"/>.</summary>
    public static readonly Counter<long> EmailsFailed = Meter.CreateCounter<long>("ikma.emails.failed", "{email}", "Emails given up on.");

    private static long _followUpsOverdue;

    /// <summary>
    /// <c>ikma.followups.overdue</c>: the follow-up checkpoints due (on or before today, WIB) and still unasked that the
    /// last follow-up scan of this process found.
    /// </summary>
    public static readonly ObservableGauge<long> FollowUpsOverdue = Meter.CreateObservableGauge(
        "ikma.followups.overdue", () => Interlocked.Read(ref _followUpsOverdue), "{checkpoint}", "Follow-up checkpoints overdue at the last scan.");

    /// <summary>Records what a follow-up scan found, for <see cref="FollowUpsOverdue"/>.</summary>
    public static void RecordFollowUpsOverdue(long count) => Interlocked.Exchange(ref _followUpsOverdue, count);

    /// <summary>
    /// Starts a span named <paramref name="name"/>, tagged with the programme and its orchestration instance
    /// (<c>programme-{id}</c>) when <paramref name="programmeId"/> is known; null when nothing listens.
    /// </summary>
    public static Activity? StartSpan(string name, string? programmeId = null, ActivityKind kind = ActivityKind.Internal)
    {
        var span = Source.StartActivity(name, kind);
        if (span is not null && !string.IsNullOrEmpty(programmeId))
        {
            span.SetTag(ProgrammeIdTag, programmeId);
            span.SetTag(InstanceIdTag, ProgrammeSignals.InstanceIdOf(programmeId));
        }

        return span;
    }

    /// <summary>
    /// Runs an activity of a programme's orchestration inside span <c>activity {name}</c>, tagged with the programme and
    /// its orchestration instance, and marked failed when it throws.
    /// </summary>
    public static async Task<T> InActivitySpanAsync<T>(string name, string programmeId, Func<Task<T>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        using var span = StartSpan("activity " + name, programmeId);
        try
        {
            return await run().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
    }
}
