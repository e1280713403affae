using Azure.Storage.Blobs;
using IkmaWorkflow.Programmes;

namespace IkmaWorkflow.FunctionApp.Functions.Clock;

/// <summary>Puts the app on the demo clock when <c>DemoClock__Enabled</c> is true; otherwise the app runs on real time.</summary>
public static partial class DemoClockServices
{
    /// <summary>Reads the <c>DemoClock__*</c> settings; with the clock on, registers it as the app's <see cref="TimeProvider"/>, shared through a blob.</summary>
    public static IHostApplicationBuilder AddDemoClock(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = DemoClockOptions.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(options);
        if (options.Enabled)
        {
            var prefix = builder.Configuration[ProgrammesApi.PrefixSetting] ?? "ikma";
            // Registered before the TimeProvider.System others fall back to (TryAdd), so this one wins.
            builder.Services.AddSingleton(sp => new DemoClock(
                options.Start ?? TimeProvider.System.GetUtcNow(),
                sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient($"{prefix}-democlock").GetBlobClient("clock.json")));
            builder.Services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<DemoClock>());
            builder.Services.AddHostedService<DemoClockRefresh>();
        }

        return builder;
    }
}

/// <summary>Re-reads the shared demo clock every second, so a move made through another process reaches this one.</summary>
internal sealed partial class DemoClockRefresh(DemoClock clock, ILogger<DemoClockRefresh> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(DemoClock.RefreshInterval);
        ClockLog.DemoClockOn(logger, Wib.Format(clock.GetUtcNow()));
        do
        {
            try
            {
                await clock.RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or AggregateException)
            {
                LogRefreshFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(EventId = 1222, Level = LogLevel.Warning, Message = "Could not read the shared demo clock; this process keeps its own time until the next read")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
