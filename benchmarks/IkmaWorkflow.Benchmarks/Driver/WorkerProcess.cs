using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using IkmaWorkflow.Benchmarks.Worker;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.Benchmarks.Driver;

/// <summary>One app process under test: this executable re-launched with <c>--worker</c>.</summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly HttpClient _http;
    private readonly int _number;
    private int _disposed;

    private WorkerProcess(Process process, HttpClient http, int number)
    {
        _process = process;
        _http = http;
        _number = number;
    }

    public int ProcessId => _process.Id;

    /// <summary>Starts worker number <paramref name="number"/> on task hub <paramref name="hub"/> and waits until it answers.</summary>
    public static async Task<WorkerProcess> StartAsync(int number, string hub, string connectionString, CancellationToken cancellationToken)
    {
        var port = FreePort.Next();
        var startInfo = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot tell which executable to re-launch as a worker.");
        startInfo.FileName = self;
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            // Started as `dotnet IkmaWorkflow.Benchmarks.dll`: the worker is started the same way.
            startInfo.ArgumentList.Add(typeof(WorkerProcess).Assembly.Location);
        }

        foreach (var argument in new[] { "--worker", "--hub", hub, "--port", port.ToString(CultureInfo.InvariantCulture) })
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment[WorkerHost.StorageVariable] = connectionString;

        // A worker is always standalone, whatever the driver's environment says.
        startInfo.Environment.Remove("FUNCTIONS_CUSTOMHANDLER_PORT");
        startInfo.Environment.Remove("ASPNETCORE_URLS");
        startInfo.Environment.Remove("ASPNETCORE_HTTP_PORTS");

        var process = new Process { StartInfo = startInfo };
        var prefix = $"[worker {number}] ";
        process.OutputDataReceived += (_, e) => Forward(prefix, e.Data);
        process.ErrorDataReceived += (_, e) => Forward(prefix, e.Data);
        process.Start();
        ChildProcesses.Add(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
        var worker = new WorkerProcess(process, http, number);
        try
        {
            await worker.WaitUntilReadyAsync(cancellationToken);
            return worker;
        }
        catch
        {
            await worker.DisposeAsync();
            throw;
        }
    }

    /// <summary>The worker's transaction counts and memory now.</summary>
    public async Task<WorkerStats> GetStatsAsync(CancellationToken cancellationToken) =>
        await _http.GetFromJsonAsync<WorkerStats>("bench/stats", BenchmarkJson.Options, cancellationToken)
        ?? throw new InvalidOperationException($"Worker {_number} answered no statistics.");

    /// <summary>Kills the worker at once (a cancelled or timed-out scenario: nothing in it is worth finishing).</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>Closes the worker's standard input (it stops), and kills it if it has not exited in time.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                try
                {
                    _process.StandardInput.Close();
                }
                catch (IOException)
                {
                }

                using var timeout = new CancellationTokenSource(StopTimeout);
                try
                {
                    await _process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync(CancellationToken.None);
                }
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
        finally
        {
            ChildProcesses.Remove(_process);
            if (_process.HasExited)
            {
                // A worker that was killed could not remove its function app folder.
                WorkerHost.TryDelete(WorkerHost.FunctionAppFolder(_process.Id));
            }

            _process.Dispose();
            _http.Dispose();
        }
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Worker {_number} exited with code {_process.ExitCode} while starting; its output is above.");
            }

            try
            {
                await GetStatsAsync(cancellationToken);
                return;
            }
            catch (HttpRequestException)
            {
            }

            if (clock.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"Worker {_number} did not answer within {StartTimeout.TotalSeconds:0} s.");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private static void Forward(string prefix, string? line)
    {
        if (!string.IsNullOrEmpty(line))
        {
            Console.Error.WriteLine(prefix + line);
        }
    }
}
