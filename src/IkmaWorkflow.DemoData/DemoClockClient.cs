using System.Globalization;
using System.Net;
using System.Net.Http.Json;

namespace IkmaWorkflow.DemoData;

/// <summary>
/// The app's demo clock over <c>GET</c> and <c>PUT /api/clock</c> (operator key), with an agenda of dated steps: a
/// case whose later steps fall inside another case's timeline (Tangerang's follow-up runs into 2025) puts them on the
/// agenda, and whichever step moves the clock past one runs it first, at its own time. The order is that of the
/// dates asked for, not of the app's clock, so a second run sends the same forms in the same order.
/// </summary>
/// <param name="session">The session whose operator client it uses.</param>
public sealed class DemoClockClient(DemoSession session)
{
    private readonly List<(DateTimeOffset At, Func<CancellationToken, Task> Step)> _agenda = [];

    /// <summary>Western Indonesia Time, UTC+7.</summary>
    public static readonly TimeSpan Wib = TimeSpan.FromHours(7);

    /// <summary>The app's time now.</summary>
    /// <exception cref="DemoException">The demo clock is off, or the app refused the operator key.</exception>
    public async Task<DateTimeOffset> NowAsync(CancellationToken cancellationToken)
    {
        var (status, body, _) = await session.SendRawAsync(session.Operator, HttpMethod.Get, "api/clock", null, null, cancellationToken).ConfigureAwait(false);
        return status switch
        {
            HttpStatusCode.OK => DateTimeOffset.Parse(body!["utc"]!.GetValue<string>(), CultureInfo.InvariantCulture),
            HttpStatusCode.NotFound => throw new DemoException("The app's demo clock is off, so the cases' dates (2023–2025) cannot be reached. Restart the app with DemoClock__Enabled=true and DemoClock__Start=2023-06-26T08:00:00+07:00 (./run --demo sets both)."),
            HttpStatusCode.Unauthorized or HttpStatusCode.ServiceUnavailable => throw new DemoException($"The app refused the operator key ({(int)status}): pass the app's OperatorKey setting with --operator-key. {DemoSession.Describe(body?.ToJsonString() ?? string.Empty)}"),
            _ => throw new DemoException($"GET /api/clock answered {(int)status}: {DemoSession.Describe(body?.ToJsonString() ?? string.Empty)}"),
        };
    }

    /// <summary>
    /// Moves the clock to <paramref name="target"/>. A clock already later (a second run) stays where it is, since
    /// it never goes back; the log says so and the answer is false.
    /// </summary>
    /// <remarks>Agenda steps dated before <paramref name="target"/> run first, earliest first.</remarks>
    /// <exception cref="DemoException">The app refused the move for another reason.</exception>
    public async Task<bool> MoveToAsync(DateTimeOffset target, CancellationToken cancellationToken)
    {
        await RunAgendaAsync(target, cancellationToken).ConfigureAwait(false);
        var text = target.ToOffset(Wib).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        var (status, body, _) = await session.SendRawAsync(session.Operator, HttpMethod.Put, "api/clock", JsonContent.Create(new { now = text }), null, cancellationToken).ConfigureAwait(false);
        switch (status)
        {
            case HttpStatusCode.OK:
                session.Log.WriteLine($"  [clock / jam] {text}");
                return true;
            case HttpStatusCode.Conflict:
                session.Log.WriteLine($"  [clock / jam] already later than {text}; left where it is / sudah lewat, tidak dimundurkan");
                return false;
            default:
                throw new DemoException($"PUT /api/clock answered {(int)status}: {DemoSession.Describe(body?.ToJsonString() ?? string.Empty)}");
        }
    }

    /// <summary>
    /// Puts <paramref name="step"/> on the agenda: it runs when a clock move goes past <paramref name="at"/>, or at
    /// the latest when <see cref="RunAgendaAsync"/> reaches it. The step moves the clock to its time itself.
    /// </summary>
    public void Schedule(DateTimeOffset at, Func<CancellationToken, Task> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        _agenda.Add((at, step));
    }

    /// <summary>Runs the agenda's steps dated before <paramref name="until"/>, earliest first; all of them without it.</summary>
    public async Task RunAgendaAsync(DateTimeOffset? until, CancellationToken cancellationToken)
    {
        while (_agenda.Count > 0)
        {
            var next = _agenda.MinBy(s => s.At);
            if (until is { } limit && next.At >= limit)
            {
                return;
            }

            // Off the agenda before it runs: its own clock moves then run only the steps before them.
            _agenda.Remove(next);
            await next.Step(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The moment <paramref name="hour"/>:<paramref name="minute"/> WIB on the given day.</summary>
    public static DateTimeOffset At(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, Wib);

    /// <summary>The moment <paramref name="hour"/>:<paramref name="minute"/> WIB on <paramref name="date"/>.</summary>
    public static DateTimeOffset At(DateOnly date, int hour, int minute = 0) => At(date.Year, date.Month, date.Day, hour, minute);
}
