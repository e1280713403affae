using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.DurableTask.ProcessTests;

/// <summary>
/// One test host process on a task hub, with its output captured. Disposing it kills it if it still runs: the tests
/// have checked what they need by then, and a graceful stop would only cost time.
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    /// <summary>
    /// How long a received queue message stays invisible (the app's default is 10 minutes): the messages a killed
    /// process held come back this long after the kill.
    /// </summary>
    public const string QueueMessageLease = "00:00:04";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    // Settings the host reads: a developer's shell or CI must not leak them into a test's run.
    private static readonly string[] ClearedPrefixes = ["FUNCTIONS_", "AzureWebJobs", "AzureFunctionsWebHost", "Standalone__", "ProcessHost__", "DurableTask__", "ASPNETCORE_"];

    // Processes still running, killed if the test run ends without disposing them.
    private static readonly ConcurrentDictionary<int, Process> Running = new();

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _lock = new();
    private int _disposed;

    static HostProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var process in Running.Values)
        {
            try
            {
                process.Kill();
            }
            catch (InvalidOperationException)
            {
                // It exited already.
            }
        }
    };

    private HostProcess(Process process, string name, int port)
    {
        _process = process;
        Name = name;
        Port = port;
    }

    /// <summary>The name the test gave it, for messages.</summary>
    public string Name { get; }

    /// <summary>The process id, which names its work log.</summary>
    public int Id => _process.Id;

    /// <summary>Its HTTP port.</summary>
    public int Port { get; }

    /// <summary>Whether it has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code (128 + the signal for a process a signal killed); only after it exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// Starts a host on <paramref name="hub"/> writing its work log to <paramref name="dataDirectory"/>, and waits until
    /// it answers HTTP. With <paramref name="crashAt"/> it kills itself the <paramref name="crashOnHit"/>-th time that
    /// checkpoint is reached.
    /// </summary>
    public static async Task<HostProcess> StartAsync(string name, string storage, string hub, string dataDirectory, string? crashAt = null, int crashOnHit = 1)
    {
        var port = FreePort.Next();
        var startInfo = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = dataDirectory,
            UseShellExecute = false,
            RedirectStandardInput = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add(ProcessHostBuild.AssemblyPath);
        foreach (var key in startInfo.Environment.Keys.Where(k => ClearedPrefixes.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase)) || k.Equals("TaskHubName", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            startInfo.Environment.Remove(key);
        }

        startInfo.Environment["AzureWebJobsStorage"] = storage;
        startInfo.Environment["FUNCTIONS_WORKER_RUNTIME"] = "custom";
        startInfo.Environment["TaskHubName"] = hub;
        startInfo.Environment["Standalone__HttpPort"] = port.ToString(CultureInfo.InvariantCulture);
        startInfo.Environment["Standalone__QueueMessageLease"] = QueueMessageLease;
        startInfo.Environment["ProcessHost__DataDirectory"] = dataDirectory;
        if (crashAt is not null)
        {
            startInfo.Environment["ProcessHost__CrashAt"] = crashAt;
            startInfo.Environment["ProcessHost__CrashOnHit"] = crashOnHit.ToString(CultureInfo.InvariantCulture);
        }

        var process = new Process { StartInfo = startInfo };
        var host = new HostProcess(process, name, port);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.Start();
        Running[process.Id] = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await host.WaitUntilReadyAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the process to exit and its output to be read to the end.</summary>
    /// <returns>Whether it exited.</returns>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return _process.HasExited;
        }
    }

    /// <summary>Its state and the last of its output, for failure messages.</summary>
    public string Describe()
    {
        var state = _process.HasExited ? $"exited with code {_process.ExitCode}" : "still running";
        string output;
        lock (_lock)
        {
            output = _output.ToString();
        }

        const int Tail = 6000;
        return $"Host {Name} (pid {_process.Id}, {state}). Output{(output.Length > Tail ? " (end)" : string.Empty)}:{Environment.NewLine}{(output.Length > Tail ? output[^Tail..] : output)}";
    }

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
                _process.Kill();
                await WaitForExitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
        finally
        {
            Running.TryRemove(_process.Id, out _);
            _process.Dispose();
        }
    }

    // `dotnet test` runs the test host under the dotnet muxer; using the same one keeps the SDK's runtime in use.
    private static string DotnetHost()
    {
        if (Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return path;
        }

        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}/"), Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                await WaitForExitAsync(TimeSpan.FromSeconds(5));
                throw new InvalidOperationException($"Host {Name} exited before answering HTTP. {Describe()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but slow to answer; the overall deadline decides.
            }

            if (watch.Elapsed >= ReadyTimeout)
            {
                throw new TimeoutException($"Host {Name} did not answer HTTP within {ReadyTimeout.TotalSeconds:0} s. {Describe()}");
            }

            await Task.Delay(PollInterval);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _output.AppendLine(line);
        }
    }
}
