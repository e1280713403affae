using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.StandaloneHost.Tests.Hosting;

/// <summary>
/// The standalone host's executable running as a child process (<c>dotnet IkmaWorkflow.StandaloneHost.dll</c>, as
/// <c>./run</c> starts it) in a temporary working folder, with only the test's settings in its environment and its
/// output captured. Disposing it stops it (SIGTERM, then a kill after 10 s) and deletes the folder.
/// </summary>
internal sealed partial class HostProcess : IAsyncDisposable
{
    /// <summary>How a process killed by SIGKILL exits: 128 + 9.</summary>
    public const int KilledExitCode = 137;

    private const int SigTerm = 15;
    private const int DescribedLines = 120;

    /// <summary>
    /// How often a test polls a running host's HTTP API or its task hub's tables: each poll costs the host under test
    /// on a shared two-core machine, so less often than <see cref="Eventually"/>'s default.
    /// </summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(10);

    // Settings the app reads: a developer's shell or CI must not leak them into a test's run. Configuration keys are
    // case-insensitive, so differently cased inherited variables are removed too.
    private static readonly string[] ClearedPrefixes =
    [
        "FUNCTIONS_", "AzureWebJobs", "AzureFunctionsWebHost", "WEBSITE_", "ASPNETCORE_", "Logging__", "Standalone__", "Records__",
        "Programmes__", "Certificates__", "FollowUp__", "Retention__", "PersonalData__", "SendGrid__", "EmailOutbox__", "DemoClock__", "DurableTask__",
    ];

    private static readonly string[] ClearedNames = ["TaskHubName", "OperatorKey", "FollowUpSchedule", "RetentionSchedule", "DeadlineSchedule", "DOTNET_ENVIRONMENT"];

    // Processes still running, killed if the test run ends without disposing them.
    private static readonly ConcurrentDictionary<int, Process> Running = new();

    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(10) };

    private readonly Process _process;
    private readonly string _workingDirectory;
    private readonly List<string> _output = [];
    private readonly StringBuilder _error = new();
    private readonly Lock _lock = new();
    private int _disposed;

    static HostProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var process in Running.Values)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited already.
            }
        }
    };

    private HostProcess(string name, Process process, string workingDirectory, int port)
    {
        Name = name;
        _process = process;
        _workingDirectory = workingDirectory;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
    }

    /// <summary>The name the test gave it, for messages.</summary>
    public string Name { get; }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Its HTTP port (<c>Standalone__HttpPort</c>).</summary>
    public int Port { get; }

    /// <summary><c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Whether it has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code (128 + the signal for a process a signal killed); only after it exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Everything written to standard output so far.</summary>
    public string StandardOutput
    {
        get
        {
            lock (_lock)
            {
                return string.Join(Environment.NewLine, _output);
            }
        }
    }

    /// <summary>Everything written to standard error so far.</summary>
    public string StandardError
    {
        get
        {
            lock (_lock)
            {
                return _error.ToString();
            }
        }
    }

    /// <summary>
    /// The durable engine's id for this process in the partition leases, from its start-up log line
    /// (<c>... as worker {id}: n partitions ...</c>); null until the engine has started.
    /// </summary>
    public string? WorkerId => WorkerIdLine().Match(StandardOutput) is { Success: true } match ? match.Groups["id"].Value : null;

    /// <summary>
    /// Starts the built host on unreachable storage with <paramref name="key"/> set to the bad <paramref name="value"/>,
    /// and checks that it stops within 60 s with exit code 2 and a standard error that says every one of
    /// <paramref name="expected"/>.
    /// </summary>
    public static async Task AssertStopsOnBadSettingAsync(string key, string value, params string[] expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var timeout = TimeSpan.FromSeconds(60);
        var settings = HostBuild.Settings(HostBuild.UnreachableStorage(), FreePort.Next(), HostBuild.NewHub("bad"));
        settings[key] = value;

        await using var host = Start($"host with {key}={value}", settings);
        var exited = await host.WaitForExitAsync(timeout);

        Assert.True(exited, $"The host still runs {timeout.TotalSeconds:0} s after starting with {key}={value}.{Environment.NewLine}{host.Describe()}");
        Assert.True(host.ExitCode == 2, $"Expected exit code 2 for {key}={value}.{Environment.NewLine}{host.Describe()}");
        foreach (var text in expected)
        {
            Assert.True(host.StandardError.Contains(text, StringComparison.Ordinal), $"stderr does not say \"{text}\".{Environment.NewLine}{host.Describe()}");
        }
    }

    /// <summary>
    /// Starts the built host in a new temporary folder with <paramref name="settings"/> as environment variables instead
    /// of any inherited app settings; <c>Standalone__HttpPort</c> among them is its port.
    /// </summary>
    public static HostProcess Start(string name, IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var port = settings.TryGetValue("Standalone__HttpPort", out var text) && int.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value : 7071;
        var workingDirectory = Directory.CreateTempSubdirectory("ikma-standalone-host-test-").FullName;
        RequireNoLocalSettingsAbove(workingDirectory);

        var startInfo = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add(HostBuild.AssemblyPath);
        var inherited = startInfo.Environment.Keys.Where(k =>
            ClearedPrefixes.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase)) || ClearedNames.Contains(k, StringComparer.OrdinalIgnoreCase));
        foreach (var key in inherited.ToList())
        {
            startInfo.Environment.Remove(key);
        }

        foreach (var (key, setting) in settings)
        {
            startInfo.Environment[key] = setting;
        }

        var process = new Process { StartInfo = startInfo };
        var host = new HostProcess(name, process, workingDirectory, port);
        process.OutputDataReceived += (_, e) => host.AppendOutput(e.Data);
        process.ErrorDataReceived += (_, e) => host.AppendError(e.Data);
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            TryDeleteDirectory(workingDirectory);
            throw;
        }

        Running[process.Id] = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>
    /// Waits until the host answers <c>GET /api/health</c> (healthy or not: it serves HTTP), failing with the captured
    /// output if it exits first or does not answer within 90 s.
    /// </summary>
    public async Task WaitUntilReadyAsync()
    {
        await Eventually.TrueAsync(
            async () =>
            {
                if (_process.HasExited)
                {
                    await WaitForExitAsync(TimeSpan.FromSeconds(5));
                    Assert.Fail($"{Name} exited with code {_process.ExitCode} before answering GET {BaseAddress}api/health.{Environment.NewLine}{Describe()}");
                }

                try
                {
                    using var response = await Probe.GetAsync(new Uri(BaseAddress, "api/health"));
                    return true;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
                catch (TaskCanceledException)
                {
                    // Listening but slow to answer; the overall deadline decides.
                    return false;
                }
            },
            () => $"{Name} did not answer GET {BaseAddress}api/health.{Environment.NewLine}{Describe()}",
            ReadyTimeout);
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

    /// <summary>Sends SIGTERM, as container runtimes and the Functions platform stop a process.</summary>
    public void Terminate()
    {
        if (!_process.HasExited && SendSignal(_process.Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    /// <summary>Kills the process with SIGKILL (no shutdown of any kind, as a crashed machine) and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        Assert.True(await WaitForExitAsync(StopGracePeriod), $"{Name} still runs {StopGracePeriod.TotalSeconds:0} s after SIGKILL.");
        Assert.True(_process.ExitCode == KilledExitCode, $"{Name} exited with {_process.ExitCode}, not {KilledExitCode} (SIGKILL).");
    }

    /// <summary>How many lines of its standard output contain <paramref name="text"/>.</summary>
    public int CountOutputLines(string text)
    {
        lock (_lock)
        {
            return _output.Count(line => line.Contains(text, StringComparison.Ordinal));
        }
    }

    /// <summary>Writes everything it printed (standard output, then standard error) to <paramref name="path"/>.</summary>
    public void SaveOutput(string path) =>
        File.WriteAllText(path, $"{StandardOutput}{Environment.NewLine}--- stderr ---{Environment.NewLine}{StandardError}");

    /// <summary>The exit state and the end of the captured output, for failure messages.</summary>
    public string Describe()
    {
        var state = _process.HasExited ? $"exited with code {_process.ExitCode}" : "still running";
        string tail;
        lock (_lock)
        {
            tail = string.Join(Environment.NewLine, _output.Skip(Math.Max(0, _output.Count - DescribedLines)));
        }

        return $"{Name}: process {_process.Id} on port {Port} ({state}).{Environment.NewLine}" +
            $"--- stdout (last {DescribedLines} lines) ---{Environment.NewLine}{tail}{Environment.NewLine}" +
            $"--- stderr ---{Environment.NewLine}{StandardError}";
    }

    /// <summary>Stops the host (SIGTERM, then a kill after 10 s) and deletes its working folder.</summary>
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
                _ = SendSignal(_process.Id, SigTerm);
                if (!await WaitForExitAsync(StopGracePeriod))
                {
                    try
                    {
                        _process.Kill(entireProcessTree: true);
                    }
                    catch (InvalidOperationException)
                    {
                        // It exited between the wait and the kill.
                    }

                    await WaitForExitAsync(StopGracePeriod);
                }
            }
        }
        finally
        {
            Running.TryRemove(_process.Id, out _);
            _process.Dispose();
            TryDeleteDirectory(_workingDirectory);
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

    // The app reads the first local.settings.json in its working folder or above; one there would add settings the
    // test never meant to give.
    private static void RequireNoLocalSettingsAbove(string workingDirectory)
    {
        for (var directory = new DirectoryInfo(workingDirectory); directory is not null; directory = directory.Parent)
        {
            var file = Path.Combine(directory.FullName, "local.settings.json");
            if (File.Exists(file))
            {
                TryDeleteDirectory(workingDirectory);
                throw new InvalidOperationException($"'{file}' would be read by every host the tests start; move it or set TMPDIR elsewhere.");
            }
        }
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing a test over it is not.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void AppendOutput(string? line)
    {
        if (line is not null)
        {
            lock (_lock)
            {
                _output.Add(line);
            }
        }
    }

    private void AppendError(string? line)
    {
        if (line is not null)
        {
            lock (_lock)
            {
                _error.AppendLine(line);
            }
        }
    }

    [GeneratedRegex(@" as worker (?<id>\S+):")]
    private static partial Regex WorkerIdLine();

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
