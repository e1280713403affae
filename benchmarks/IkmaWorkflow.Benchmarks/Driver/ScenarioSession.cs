using System.Globalization;
using IkmaWorkflow.Benchmarks.Storage;
using IkmaWorkflow.Benchmarks.Worker;
using IkmaWorkflow.DurableTask;
using IkmaWorkflow.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IkmaWorkflow.Benchmarks.Driver;

/// <summary>
/// One scenario's world: a task hub of its own, fresh worker processes on it (so each scenario's peak working set and
/// counts are its own), and the driver's client with counting storage clients. The measured window runs from
/// <see cref="StartWindowAsync"/> to <see cref="EndWindowAsync"/>.
/// </summary>
internal sealed class ScenarioSession : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly List<WorkerProcess> _workers;
    private readonly TransactionCounter _driver;
    private readonly CancellationToken _cancellation;
    private readonly CancellationTokenSource _progressStop = new();
    private Task _progress = Task.CompletedTask;
    private TransactionSnapshot _driverBefore = TransactionSnapshot.Empty;
    private IReadOnlyList<WorkerStats> _workersBefore = [];

    private ScenarioSession(string hub, ServiceProvider services, List<WorkerProcess> workers, TransactionCounter driver, CancellationToken cancellation)
    {
        _cancellation = cancellation;
        Hub = hub;
        _services = services;
        _workers = workers;
        _driver = driver;
        Client = services.GetRequiredService<DurableTaskClient>();
    }

    public string Hub { get; }

    /// <summary>The driver's client; its storage requests (polling included) are counted.</summary>
    public DurableTaskClient Client { get; }

    /// <summary>When the measured window started (UTC, the clock the runtime stamps instances with).</summary>
    public DateTimeOffset WindowStart { get; private set; }

    public static async Task<ScenarioSession> StartAsync(string scenario, string connectionString, int workerCount, CancellationToken cancellationToken)
    {
        var hub = UniqueName.ForTable("bench" + scenario);
        var counter = new TransactionCounter();
        var services = new ServiceCollection()
            .AddSingleton(CountingStorageClients.CreateTableService(connectionString, counter))
            .AddSingleton(CountingStorageClients.CreateQueueService(connectionString, counter))
            .AddSingleton(CountingStorageClients.CreateBlobService(connectionString, counter))
            .AddDurableTask(new DurableTaskOptions { HubName = hub }, BenchmarkWorkflows.Register)
            .BuildServiceProvider();
        var workers = new List<WorkerProcess>();
        try
        {
            await services.EnsureDurableStorageAsync(cancellationToken);
            for (var i = 1; i <= workerCount; i++)
            {
                workers.Add(await WorkerProcess.StartAsync(i, hub, connectionString, cancellationToken));
            }

            return new ScenarioSession(hub, services, workers, counter, cancellationToken);
        }
        catch
        {
            foreach (var worker in workers)
            {
                worker.Kill();
                await worker.DisposeAsync();
            }

            await services.DisposeAsync();
            throw;
        }
    }

    /// <summary>Takes the counts the window starts from, notes the time and starts the progress reports.</summary>
    public async Task StartWindowAsync(CancellationToken cancellationToken)
    {
        _workersBefore = await GetStatsAsync(cancellationToken);
        _driverBefore = _driver.Snapshot();
        WindowStart = DateTimeOffset.UtcNow;
        _progress = ReportProgressAsync(_progressStop.Token);
    }

    /// <summary>The workers' peak working sets (summed) and the window's transactions so far, or null when the workers do not answer.</summary>
    public async Task<(long PeakWorkingSetBytes, long Transactions)?> TryGetProgressAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var stats = await GetStatsAsync(timeout.Token);
            var transactions = stats.Sum(s => s.Transactions) - _workersBefore.Sum(s => s.Transactions) + _driver.Snapshot().Since(_driverBefore).Total;
            return (stats.Sum(s => s.PeakWorkingSetBytes), transactions);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Takes the counts the window ends at and the workers' peak working sets.</summary>
    public async Task<WindowResult> EndWindowAsync(CancellationToken cancellationToken)
    {
        await StopProgressAsync();
        var driver = _driver.Snapshot().Since(_driverBefore);
        var after = await GetStatsAsync(cancellationToken);
        var workers = TransactionSnapshot.Empty;
        for (var i = 0; i < after.Count; i++)
        {
            var before = _workersBefore[i];
            workers = workers.Plus(new TransactionSnapshot(after[i].Transactions, after[i].TransactionsByKind)
                .Since(new TransactionSnapshot(before.Transactions, before.TransactionsByKind)));
        }

        return new WindowResult(driver, workers, after.Sum(s => s.PeakWorkingSetBytes), after.Sum(s => s.WorkingSetBytes));
    }

    /// <summary>Stops the workers: gracefully after a finished scenario, at once after a cancelled or timed-out one.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopProgressAsync();
        _progressStop.Dispose();
        if (_cancellation.IsCancellationRequested)
        {
            foreach (var worker in _workers)
            {
                worker.Kill();
            }
        }

        await Task.WhenAll(_workers.Select(w => w.DisposeAsync().AsTask()));
        await _services.DisposeAsync();
    }

    // A line on stderr every 30 s of a long window: the workers' commits (table batches) and memory so far.
    private async Task ReportProgressAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(30));
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                var stats = await GetStatsAsync(stopping);
                var commits = stats.Sum(s => s.TransactionsByKind.GetValueOrDefault("table batch")) - _workersBefore.Sum(s => s.TransactionsByKind.GetValueOrDefault("table batch"));
                var transactions = stats.Sum(s => s.Transactions) - _workersBefore.Sum(s => s.Transactions);
                await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"# {Hub}: {(DateTimeOffset.UtcNow - WindowStart).TotalSeconds:0} s: workers sent {transactions} transactions, {commits} of them commits; working set {stats.Sum(s => s.WorkingSetBytes) / 1048576.0:0.0} MB, peak {stats.Sum(s => s.PeakWorkingSetBytes) / 1048576.0:0.0} MB"));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException)
        {
            // Stopped, or a worker is going away: the scenario itself reports what matters.
        }
    }

    private async Task StopProgressAsync()
    {
        await _progressStop.CancelAsync();
        await _progress;
    }

    private async Task<IReadOnlyList<WorkerStats>> GetStatsAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(_workers.Select(w => w.GetStatsAsync(cancellationToken)));
}

/// <summary>What the measured window cost.</summary>
/// <param name="Driver">The driver's storage transactions.</param>
/// <param name="Workers">The workers' storage transactions (summed).</param>
/// <param name="PeakWorkingSetBytes">The workers' peak working sets, summed.</param>
/// <param name="WorkingSetBytes">The workers' working sets at the end, summed.</param>
internal sealed record WindowResult(TransactionSnapshot Driver, TransactionSnapshot Workers, long PeakWorkingSetBytes, long WorkingSetBytes)
{
    public TransactionSnapshot All => Driver.Plus(Workers);
}
