using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using IkmaWorkflow.CustomHandler;
using IkmaWorkflow.FunctionApp.Functions.DurableManagement;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Forms;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
    /// <exception cref="FunctionAppConfigurationException">A value is not usable; the message names its key.</exception>
    public static DemoClockOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var enabledText = configuration[$"{SectionName}:Enabled"];
        var enabled = false;
        if (!string.IsNullOrWhiteSpace(enabledText) && !bool.TryParse(enabledText.Trim(), out enabled))
        {
            throw new FunctionAppConfigurationException($"{SectionName}__Enabled", $"\"{enabledText}\" is not valid: write true or false.");
        }

        var startText = configuration[$"{SectionName}:Start"];
        DateTimeOffset? start = null;
        if (!string.IsNullOrWhiteSpace(startText))
        {
            start = ClockTime.Parse(startText.Trim())
                ?? throw new FunctionAppConfigurationException($"{SectionName}__Start", $"\"{startText}\" is not valid: write an ISO 8601 time with its offset, such as 2024-09-03T08:00:00+07:00.");
        }

        return new DemoClockOptions { Enabled = enabled, Start = start };
    }
}

/// <summary>
/// The demo clock (docs/demo-and-end-to-end.md): with <c>DemoClock__Enabled=true</c> the app's <see cref="TimeProvider"/>
/// is a <see cref="DemoClock"/>, and <c>GET /api/clock</c> and <c>PUT /api/clock</c>, behind the operator key, read and
/// move it forwards. Without it both answer 404 saying how to turn it on.
/// </summary>
public static class ClockFunctions
{
    /// <summary><c>GET clock</c>.</summary>
    public const string ReadFunction = "ClockRead";

    /// <summary><c>PUT clock</c>.</summary>
    public const string MoveFunction = "ClockMove";

    /// <summary>Reads <c>DemoClock</c> and, when enabled, registers a <see cref="DemoClock"/> as the app's clock.</summary>
    /// <exception cref="FunctionAppConfigurationException">A setting is not usable.</exception>
    public static WebApplicationBuilder AddDemoClock(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = DemoClockOptions.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(options);
        builder.Services.TryAddSingleton(_ => OperatorKey.FromConfiguration(builder.Configuration));
        if (options.Enabled)
        {
            // Registered without TryAdd so it wins over the TimeProvider.System the runtime and the forms fall back to.
            builder.Services.AddSingleton(_ => new DemoClock(options.Start ?? TimeProvider.System.GetUtcNow()));
            builder.Services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<DemoClock>());
        }

        return builder;
    }

    /// <summary>Maps the clock's two routes behind the operator key and warns when the clock is a demo clock. Call it before <c>MapCustomHandler</c>.</summary>
    public static WebApplication MapClock(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var clock = app.MapGroup("/api/clock").RequireOperatorKey("clock", "The demo clock", "Jam demo");
        clock.MapGet(string.Empty, Read).WithName(ReadFunction);
        clock.MapPut(string.Empty, MoveAsync).WithName(MoveFunction);

        if (app.Services.GetRequiredService<DemoClockOptions>().Enabled)
        {
            var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
            ClockLog.DemoClockOn(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ClockFunctions)), Wib.Format(now));
        }

        return app;
    }

    /// <summary><c>GET /api/clock</c>: the app's time in UTC and WIB.</summary>
    internal static Results<Ok<ClockView>, ProblemHttpResult> Read(DemoClockOptions options, TimeProvider time) =>
        options.Enabled ? TypedResults.Ok(ClockView.Of(time.GetUtcNow(), null)) : ClockProblems.Disabled();

    /// <summary><c>PUT /api/clock</c> <c>{"now": "2024-09-07T10:00:00+07:00"}</c>: moves the demo clock forwards.</summary>
    internal static async Task<Results<Ok<ClockView>, ProblemHttpResult>> MoveAsync(HttpRequest request, DemoClockOptions options, IServiceProvider services, ILogger<DemoClock> logger, CancellationToken cancellationToken)
    {
        if (!options.Enabled)
        {
            return ClockProblems.Disabled();
        }

        string? text;
        try
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            text = body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("now", out var now) && now.ValueKind == JsonValueKind.String
                ? now.GetString()
                : null;
        }
        catch (JsonException)
        {
            text = null;
        }

        if (text is null || ClockTime.Parse(text) is not { } target)
        {
            return ClockProblems.InvalidNow(text);
        }

        var clock = services.GetRequiredService<DemoClock>();
        if (!clock.TryAdvanceTo(target, out var before))
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
