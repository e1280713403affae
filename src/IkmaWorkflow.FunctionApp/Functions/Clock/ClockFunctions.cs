using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using IkmaWorkflow.FunctionApp.Api;
using IkmaWorkflow.Programmes;
using IkmaWorkflow.Programmes.Forms;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IkmaWorkflow.FunctionApp.Functions.Clock;

/// <summary>Settings of section <c>DemoClock</c>: the app's clock in demos and tests, never in production.</summary>
public sealed class DemoClockOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "DemoClock";

    /// <summary>Whether the app runs on a <see cref="DemoClock"/> that <c>PUT /api/clock</c> moves; default false.</summary>
    public bool Enabled { get; init; }

    /// <summary>Where the demo clock starts (ISO 8601 with an offset); default the real time.</summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary>Reads and checks the section.</summary>
    /// <exception cref="AppSettingException">A value is not usable; the message names its key.</exception>
    public static DemoClockOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var enabledText = configuration[$"{SectionName}:Enabled"];
        var enabled = false;
        if (!string.IsNullOrWhiteSpace(enabledText) && !bool.TryParse(enabledText.Trim(), out enabled))
        {
            throw new AppSettingException($"{SectionName}__Enabled", $"\"{enabledText}\" is not valid: write true or false.");
        }

        var startText = configuration[$"{SectionName}:Start"];
        DateTimeOffset? start = null;
        if (!string.IsNullOrWhiteSpace(startText))
        {
            start = ClockTime.Parse(startText.Trim())
                ?? throw new AppSettingException($"{SectionName}__Start", $"\"{startText}\" is not valid: write an ISO 8601 time with its offset, such as 2024-09-03T08:00:00+07:00.");
        }

        return new DemoClockOptions { Enabled = enabled, Start = start };
    }
}

/// <summary>
/// The demo clock's routes, behind the operator key: <c>GET /api/clock</c> reads it, <c>PUT /api/clock</c> moves it
/// forwards. Both answer 404 while the demo clock is off (<c>DemoClock__Enabled</c>), as in production.
/// </summary>
public sealed class ClockFunctions(ApiCalls api, DemoClockOptions options, TimeProvider time, IServiceProvider services, ILogger<DemoClock> logger)
{
    /// <summary><c>GET /api/clock</c>: the app's time.</summary>
    [Function("ClockRead")]
    public Task<IResult> ReadAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "clock")] HttpRequest request) =>
        api.OperatorAsync(request, OperatorApi.Clock, () => Task.FromResult<IResult>(options.Enabled ? TypedResults.Ok(ClockView.Of(time.GetUtcNow(), null)) : ClockProblems.Disabled()));

    /// <summary><c>PUT /api/clock</c> <c>{"now": "2024-09-07T10:00:00+07:00"}</c>: moves the demo clock forwards, for every process of the app; a body over 4 KB answers 413.</summary>
    [Function("ClockMove")]
    public Task<IResult> MoveAsync([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "clock")] HttpRequest request, CancellationToken cancellationToken) =>
        api.OperatorAsync(request, OperatorApi.Clock, async () => await MoveCoreAsync(request, cancellationToken).ConfigureAwait(false));

    private async Task<Results<Ok<ClockView>, ProblemHttpResult>> MoveCoreAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!options.Enabled)
        {
            return ClockProblems.Disabled();
        }

        // The body is a line of JSON: no more than 4 KB of it is read (413 beyond, 400 when cut off).
        if (FormBodies.Limit(request, BodyLimit.SmallJson) is { } tooLarge)
        {
            return BilingualProblem.Of(tooLarge);
        }

        string? text;
        try
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
            text = body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("now", out var now) && now.ValueKind == JsonValueKind.String
                ? now.GetString()
                : null;
        }
        catch (JsonException)
        {
            text = null;
        }
        catch (Exception ex) when (FormBodies.ProblemOf(ex, BodyLimit.SmallJson) is not null)
        {
            return BilingualProblem.Of(FormBodies.ProblemOf(ex, BodyLimit.SmallJson)!);
        }

        if (text is null || ClockTime.Parse(text) is not { } target)
        {
            return ClockProblems.InvalidNow(text);
        }

        var clock = services.GetRequiredService<DemoClock>();
        var (moved, before) = await clock.AdvanceToAsync(target, cancellationToken).ConfigureAwait(false);
        if (!moved)
        {
            return ClockProblems.CannotGoBack(before, target);
        }

        ClockLog.Moved(logger, before, target);
        return TypedResults.Ok(ClockView.Of(clock.GetUtcNow(), before));
    }
}

/// <summary>The app's time as <c>/api/clock</c> answers it.</summary>
/// <param name="Utc">Now in UTC, ISO 8601.</param>
/// <param name="Wib">Now in WIB (<c>+07:00</c>), the time users read.</param>
/// <param name="Demo">Always true: only a demo clock answers.</param>
/// <param name="PreviousUtc">Where the clock was before a move; null for a read.</param>
public sealed record ClockView(string Utc, string Wib, bool Demo, string? PreviousUtc)
{
    internal static ClockView Of(DateTimeOffset now, DateTimeOffset? previous) => new(
        Iso(now), FunctionApp.Wib.Format(now), true, previous is { } p ? Iso(p) : null);

    private static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

/// <summary>Reads the times the clock's setting and route accept: ISO 8601 with an explicit offset (or <c>Z</c>).</summary>
internal static partial class ClockTime
{
    public static DateTimeOffset? Parse(string text) =>
        OffsetSuffix().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value) ? value : null;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex OffsetSuffix();
}

/// <summary>The clock routes' problems, in the shape of the other operator APIs'.</summary>
internal static class ClockProblems
{
    public static ProblemHttpResult Disabled() => Problem(
        StatusCodes.Status404NotFound,
        "demo-clock-disabled",
        "Demo clock not enabled",
        "This app runs on the real clock. For a demo or a test, start it with app setting DemoClock__Enabled=true (./run --demo does), optionally DemoClock__Start=<ISO 8601 time with offset>.",
        "Jam demo tidak aktif",
        "Aplikasi ini memakai jam sebenarnya. Untuk demo atau pengujian, jalankan dengan pengaturan DemoClock__Enabled=true (./run --demo melakukannya), dan bila perlu DemoClock__Start=<waktu ISO 8601 dengan offset>.");

    public static ProblemHttpResult InvalidNow(string? value) => BilingualProblem.Create(
        StatusCodes.Status400BadRequest,
        "invalid-clock-time",
        "Time not valid",
        $"Send {{\"now\": \"<ISO 8601 time with its offset>\"}}, such as {{\"now\": \"2024-09-07T10:00:00+07:00\"}}; got {(value is null ? "no string 'now'" : $"'{value}'")}.",
        "Waktu tidak valid",
        $"Kirim {{\"now\": \"<waktu ISO 8601 dengan offset>\"}}, misalnya {{\"now\": \"2024-09-07T10:00:00+07:00\"}}; yang diterima {(value is null ? "tanpa string 'now'" : $"'{value}'")}.",
        [("field", (object?)"now")]);

    public static ProblemHttpResult CannotGoBack(DateTimeOffset now, DateTimeOffset target) => Problem(
        StatusCodes.Status409Conflict,
        "clock-cannot-go-back",
        "The clock only moves forwards",
        $"The clock shows {Wib.Format(now)} and cannot go back to {Wib.Format(target)}: durable timers already fired and stages already judged against the later time would be wrong. Restart the app (with DemoClock__Start) on fresh storage to begin again.",
        "Jam hanya bisa maju",
        $"Jam menunjukkan {Wib.Format(now)} dan tidak bisa mundur ke {Wib.Format(target)}: timer durable yang sudah berjalan dan tahap yang sudah dinilai pada waktu yang lebih akhir akan menjadi salah. Jalankan ulang aplikasi (dengan DemoClock__Start) pada penyimpanan baru untuk memulai lagi.",
        ("now", Wib.Format(now)),
        ("requested", Wib.Format(target)));

    private static ProblemHttpResult Problem(int status, string name, string title, string detail, string titleIndonesian, string detailIndonesian, params (string Key, string Value)[] members) =>
        BilingualProblem.Create(status, name, title, detail, titleIndonesian, detailIndonesian, [.. members.Select(m => (m.Key, (object?)m.Value))]);
}

/// <summary>The demo clock's log lines, event ids 1220–1229.</summary>
internal static partial class ClockLog
{
    [LoggerMessage(EventId = 1220, Level = LogLevel.Warning, Message = "The app runs on a DEMO CLOCK (DemoClock__Enabled=true), now {NowWib}: PUT /api/clock moves it. For demos and tests only, never in production")]
    public static partial void DemoClockOn(ILogger logger, string nowWib);

    [LoggerMessage(EventId = 1221, Level = LogLevel.Information, Message = "Demo clock moved from {FromWib} to {ToWib}")]
    public static partial void Moved(ILogger logger, DateTimeOffset fromWib, DateTimeOffset toWib);
}
