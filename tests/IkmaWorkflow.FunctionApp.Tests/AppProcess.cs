using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.FunctionApp.Tests;

/// <summary>
/// The function app running as a child process in a temporary working folder, with its output captured.
/// Disposing it stops it (SIGTERM, then a kill after 10 s) and deletes the folder.
/// </summary>
internal sealed partial class AppProcess : IAsyncDisposable
{
    private const int SigTerm = 15;

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    // Settings the app reads: a developer's shell or CI must not leak them into a test's run.
    private static readonly string[] ClearedPrefixes = ["FUNCTIONS_", "AzureWebJobs", "AzureFunctionsWebHost", "Standalone__", "SendGrid__", "EmailOutbox__", "DurableTask__"];
    private static readonly string[] ClearedNames = ["TaskHubName", "OperatorKey"];

    // Processes still running, killed if the test host exits without disposing them.
    private static readonly ConcurrentDictionary<int, Process> Running = new();

    private readonly Process _process;
    private readonly string _workingDirectory;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly Lock _lock = new();
    private int _disposed;

    static AppProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
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

    private AppProcess(Process process, string workingDirectory)
    {
        _process = process;
        _workingDirectory = workingDirectory;
    }

    /// <summary>Whether it has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code; only after it exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Everything written to standard output so far.</summary>
    public string StandardOutput
    {
        get
        {
            lock (_lock)
            {
                return _output.ToString();
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
    /// Starts the built app standalone on unreachable storage with <paramref name="key"/> set to the bad
    /// <paramref name="value"/>, and checks that it stops within <paramref name="exitTimeout"/> with exit code 2 and a
    /// standard error that contains every one of <paramref name="expected"/>.
    /// </summary>
    public static async Task AssertStopsOnBadSettingAsync(string key, string value, TimeSpan exitTimeout, params string[] expected)
    {
        var settings = FunctionAppBuild.StandaloneSettings(FunctionAppBuild.UnreachableStorage(), FreePort.Next());
        settings[key] = value;

        await using var app = StartBuilt(settings);
        var exited = await app.WaitForExitAsync(exitTimeout);

        Assert.True(exited, $"The app still runs {exitTimeout.TotalSeconds:0} s after starting with {key}={value}.{Environment.NewLine}{app.Describe()}");
        Assert.True(app.ExitCode == 2, $"Expected exit code 2 for {key}={value}.{Environment.NewLine}{app.Describe()}");
        foreach (var text in expected)
        {
            Assert.True(app.StandardError.Contains(text, StringComparison.Ordinal), $"stderr does not say \"{text}\".{Environment.NewLine}{app.Describe()}");
        }
    }

    /// <summary>Runs the build output's app with the <c>dotnet</c> host, as <c>./run</c> does.</summary>
    public static AppProcess StartBuilt(IReadOnlyDictionary<string, string> settings) =>
        Start(DotnetHost(), [FunctionAppBuild.AssemblyPath], settings);

    /// <summary>
    /// Starts <paramref name="fileName"/> in a new temporary folder with <paramref name="settings"/> as environment
    /// variables, instead of any inherited Functions settings.
    /// </summary>
    public static AppProcess Start(string fileName, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> settings)
    {
        var workingDirectory = Directory.CreateTempSubdirectory("ikma-functionapp-test-").FullName;
        RequireNoLocalSettingsAbove(workingDirectory);

        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // Configuration keys are case-insensitive, so a differently cased inherited variable would still be read.
        var inherited = startInfo.Environment.Keys.Where(k =>
            ClearedPrefixes.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase)) || ClearedNames.Contains(k, StringComparer.OrdinalIgnoreCase));
        foreach (var key in inherited.ToList())
        {
            startInfo.Environment.Remove(key);
        }

        foreach (var (key, value) in settings)
        {
            startInfo.Environment[key] = value;
        }

        var process = new Process { StartInfo = startInfo };
        var app = new AppProcess(process, workingDirectory);
        process.OutputDataReceived += (_, e) => app.Append(app._output, e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(app._error, e.Data);
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
        return app;
    }

    /// <summary>
    /// Waits until <c>GET /</c> on <paramref name="baseAddress"/> answers 200, failing the test with the captured
    /// output if the app exits first or does not answer within 30 s.
    /// </summary>
    public async Task WaitUntilReadyAsync(Uri baseAddress)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                await WaitForExitAsync(TimeSpan.FromSeconds(5));
                Assert.Fail($"The app exited with code {_process.ExitCode} before answering GET {baseAddress}.{Environment.NewLine}{Describe()}");
            }

            try
            {
                using var response = await http.GetAsync("/");
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
                Assert.Fail($"The app did not answer GET {baseAddress} within {ReadyTimeout.TotalSeconds:0} s.{Environment.NewLine}{Describe()}");
            }

            await Task.Delay(PollInterval);
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

    /// <summary>Sends SIGTERM, as the Functions host and container runtimes do to stop the handler.</summary>
    public void Terminate()
    {
        if (!_process.HasExited && SendSignal(_process.Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    /// <summary>The exit state and the captured output, for failure messages.</summary>
    public string Describe()
    {
        var state = _process.HasExited ? $"exited with code {_process.ExitCode}" : "still running";
        return $"App process {_process.Id} ({state}).{Environment.NewLine}" +
            $"--- stdout ---{Environment.NewLine}{StandardOutput}" +
            $"--- stderr ---{Environment.NewLine}{StandardError}";
    }

    /// <summary>Stops the app (SIGTERM, then a kill after 10 s) and deletes its working folder.</summary>
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
    internal static string DotnetHost()
    {
        if (Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return path;
        }

        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
    }

    // The app reads the first local.settings.json in its working folder or above; one there would override nothing
    // the test sets but could add settings the test never meant to give.
    private static void RequireNoLocalSettingsAbove(string workingDirectory)
    {
        for (var directory = new DirectoryInfo(workingDirectory); directory is not null; directory = directory.Parent)
        {
            var file = Path.Combine(directory.FullName, "local.settings.json");
            if (File.Exists(file))
            {
                TryDeleteDirectory(workingDirectory);
                throw new InvalidOperationException($"'{file}' would be read by every app the tests start; move it or set TMPDIR elsewhere.");
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

    private void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            target.AppendLine(line);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
