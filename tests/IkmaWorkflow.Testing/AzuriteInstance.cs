using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace IkmaWorkflow.Testing;

/// <summary>
/// A private Azurite (the repository's pinned npm copy) listening on free loopback ports, so test
/// classes never share storage with each other or with a developer's own Azurite.
/// </summary>
public sealed partial class AzuriteInstance : IAsyncDisposable
{
    /// <summary>The well-known development storage account name Azurite serves.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>The well-known (public) development storage account key.</summary>
    public const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const string SolutionFileName = "IkmaWorkflow.sln";
    private const string WatchdogResourceName = "IkmaWorkflow.Testing.azurite-watchdog.js";

    // A start that loses its ports to another process between picking and binding gets fresh ones.
    private const int MaxStartAttempts = 4;
    private const int SigTerm = 15;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly string _azuriteScript;
    private readonly string _workDirectory;
    private readonly bool _persistent;
    private Process _process;
    private int _disposed;

    private AzuriteInstance(string azuriteScript, Process process, string workDirectory, bool persistent, int blobPort, int queuePort, int tablePort)
    {
        _azuriteScript = azuriteScript;
        _process = process;
        _workDirectory = workDirectory;
        _persistent = persistent;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
        ConnectionString =
            "DefaultEndpointsProtocol=http;" +
            $"AccountName={AccountName};" +
            $"AccountKey={AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{blobPort}/{AccountName};" +
            $"QueueEndpoint=http://127.0.0.1:{queuePort}/{AccountName};" +
            $"TableEndpoint=http://127.0.0.1:{tablePort}/{AccountName};";
    }

    /// <summary>The port of the blob service on 127.0.0.1.</summary>
    public int BlobPort { get; }

    /// <summary>The port of the queue service on 127.0.0.1.</summary>
    public int QueuePort { get; }

    /// <summary>The port of the table service on 127.0.0.1.</summary>
    public int TablePort { get; }

    /// <summary>The full development-account connection string with explicit endpoints for this instance.</summary>
    public string ConnectionString { get; }

    /// <summary>
    /// Starts Azurite from <c>node_modules/.bin/azurite</c> at the repository root and returns once its
    /// blob, queue and table ports accept connections.
    /// </summary>
    public static Task<AzuriteInstance> StartAsync(CancellationToken cancellationToken = default) => StartAsync(persistent: false, cancellationToken);

    /// <summary>
    /// Starts Azurite as <see cref="StartAsync(CancellationToken)"/> does; with <paramref name="persistent"/> it keeps its
    /// data in its temp folder instead of memory, so <see cref="StopAsync"/> and <see cref="RestartAsync"/> make a
    /// storage outage that ends with the same data on the same ports.
    /// </summary>
    public static async Task<AzuriteInstance> StartAsync(bool persistent, CancellationToken cancellationToken = default)
    {
        var azuriteScript = FindAzuriteScript();

        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();

            var ports = FreePort.Next(3);
            var workDirectory = Directory.CreateTempSubdirectory("ikma-azurite-").FullName;
            var output = new OutputTail();
            Process? process = null;
            try
            {
                process = StartProcess(azuriteScript, workDirectory, persistent, ports, output);
                var outcome = await WaitForPortsAsync(process, ports, cancellationToken);
                if (outcome == StartOutcome.Listening)
                {
                    var instance = new AzuriteInstance(azuriteScript, process, workDirectory, persistent, ports[0], ports[1], ports[2]);
                    process = null;
                    return instance;
                }

                // Node can take long to start on a machine loaded by parallel builds and tests: a start that timed out
                // is tried again on new ports, like one that exited.
                if (outcome == StartOutcome.TimedOut && attempt == MaxStartAttempts)
                {
                    throw new InvalidOperationException(
                        $"Azurite did not open ports {string.Join(", ", ports)} within {StartTimeout.TotalSeconds:0} s. " +
                        $"Its output:{Environment.NewLine}{output}");
                }

                if (outcome != StartOutcome.TimedOut && attempt == MaxStartAttempts)
                {
                    throw new InvalidOperationException(
                        $"Azurite exited during startup {MaxStartAttempts} times; the last time with code " +
                        $"{process.ExitCode}. Its output:{Environment.NewLine}{output}");
                }
            }
            finally
            {
                if (process is not null)
                {
                    await StopAsync(process);
                    process.Dispose();
                    TryDeleteDirectory(workDirectory);
                }
            }
        }
    }

    /// <summary>Whether Azurite is running (not stopped by <see cref="StopAsync"/>, not exited).</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>
    /// Stops Azurite as <see cref="DisposeAsync"/> does, but keeps its folder: the ports refuse connections until
    /// <see cref="RestartAsync"/>. Only for an instance started with <c>persistent: true</c>, whose data survives.
    /// </summary>
    public Task StopAsync()
    {
        if (!_persistent)
        {
            throw new InvalidOperationException("Only an Azurite started with persistent: true can stop and restart on its data.");
        }

        return StopAsync(_process);
    }

    /// <summary>Starts a stopped Azurite again on the same ports and data; returns once its ports accept connections.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("Azurite is running: stop it first.");
        }

        int[] ports = [BlobPort, QueuePort, TablePort];
        var output = new OutputTail();
        _process.Dispose();
        _process = StartProcess(_azuriteScript, _workDirectory, _persistent, ports, output);
        if (await WaitForPortsAsync(_process, ports, cancellationToken) != StartOutcome.Listening)
        {
            throw new InvalidOperationException($"Azurite did not start again on ports {string.Join(", ", ports)}. Its output:{Environment.NewLine}{output}");
        }
    }

    /// <summary>Stops Azurite: SIGTERM, then after 5 s a kill of the whole process tree.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopAsync(_process);
        _process.Dispose();
        TryDeleteDirectory(_workDirectory);
    }

    private static string FindAzuriteScript()
    {
        var root = FindRepositoryRoot(AppContext.BaseDirectory) ?? FindRepositoryRoot(Environment.CurrentDirectory)
            ?? throw new InvalidOperationException(
                $"Could not find the repository root ({SolutionFileName}) above '{AppContext.BaseDirectory}' " +
                $"or '{Environment.CurrentDirectory}'.");

        var bin = Path.Combine(root, "node_modules", ".bin", "azurite");
        if (!File.Exists(bin))
        {
            throw new InvalidOperationException("Azurite is not installed: run `npm ci` at the repository root");
        }

        // The npm bin is a symlink to a node script; running that script with node directly makes node
        // itself the child process, so the pid we signal is the one that owns the ports.
        return new FileInfo(bin).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? bin;
    }

    private static string? FindRepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    private static Process StartProcess(string azuriteScript, string workDirectory, bool persistent, int[] ports, OutputTail output)
    {
        var watchdog = Path.Combine(workDirectory, "watchdog.js");
        using (var resource = typeof(AzuriteInstance).Assembly.GetManifestResourceStream(WatchdogResourceName)
            ?? throw new InvalidOperationException($"Missing embedded resource {WatchdogResourceName}."))
        using (var file = File.Create(watchdog))
        {
            resource.CopyTo(file);
        }

        var startInfo = new ProcessStartInfo("node")
        {
            // Azurite's workspace is its working directory (--location conflicts with in-memory mode).
            WorkingDirectory = workDirectory,
            UseShellExecute = false,
            RedirectStandardInput = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        string[] arguments =
        [
            "--require", watchdog,
            azuriteScript,
            // Data in memory, or in the working directory so it survives a restart.
            .. (persistent ? (string[])["--location", workDirectory] : ["--inMemoryPersistence"]),
            "--silent",
            "--skipApiVersionCheck",
            "--loose",
            // Telemetry would otherwise try to reach the internet and write an instance file.
            "--disableTelemetry",
            "--blobHost", "127.0.0.1",
            "--queueHost", "127.0.0.1",
            "--tableHost", "127.0.0.1",
            "--blobPort", ports[0].ToString(CultureInfo.InvariantCulture),
            "--queuePort", ports[1].ToString(CultureInfo.InvariantCulture),
            "--tablePort", ports[2].ToString(CultureInfo.InvariantCulture),
        ];
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => output.Add(e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            throw new InvalidOperationException("Could not start `node` for Azurite: is Node.js on PATH?", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<StartOutcome> WaitForPortsAsync(
        Process process, int[] ports, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var open = new bool[ports.Length];
        while (true)
        {
            if (process.HasExited)
            {
                return StartOutcome.Exited;
            }

            var allOpen = true;
            for (var i = 0; i < ports.Length; i++)
            {
                open[i] = open[i] || await AcceptsConnectionAsync(ports[i], cancellationToken);
                allOpen &= open[i];
            }

            if (allOpen)
            {
                return StartOutcome.Listening;
            }

            if (deadline.Elapsed >= StartTimeout)
            {
                return StartOutcome.TimedOut;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private static async Task<bool> AcceptsConnectionAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task StopAsync(Process process)
    {
        if (!process.HasExited && !OperatingSystem.IsWindows())
        {
            // Azurite closes its servers cleanly on SIGTERM; Process.Kill would only send SIGKILL.
            _ = SendSignal(process.Id, SigTerm);
            if (await WaitForExitAsync(process, StopGracePeriod))
            {
                return;
            }
        }

        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }

        await WaitForExitAsync(process, StopGracePeriod);
    }

    private static async Task<bool> WaitForExitAsync(Process process, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return process.HasExited;
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

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);

    private enum StartOutcome
    {
        Listening,
        Exited,
        TimedOut,
    }

    // Keeps the last lines Azurite printed, for the exception message when it fails to start.
    private sealed class OutputTail
    {
        private const int MaxLines = 200;

        private readonly Queue<string> _lines = new();
        private readonly Lock _lock = new();

        public void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_lock)
            {
                if (_lines.Count == MaxLines)
                {
                    _lines.Dequeue();
                }

                _lines.Enqueue(line);
            }
        }

        public override string ToString()
        {
            lock (_lock)
            {
                return _lines.Count == 0 ? "(no output)" : string.Join(Environment.NewLine, _lines);
            }
        }
    }
}
