using IkmaWorkflow.StandaloneHost.Tests.Hosting;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.StandaloneHost.Tests.Guarantee;

/// <summary>
/// One host of a cluster as an operator sees it: a name and an HTTP port that stay, and the processes started for it
/// one after another (a killed one is restarted as a new process on the same port). Every process is kept, so its
/// output can be read after it died; disposing the slot stops the running one.
/// </summary>
/// <param name="name">The host's name, such as <c>host-a</c>.</param>
/// <param name="settings">The settings every process of this host starts with.</param>
internal sealed class HostSlot(string name, IReadOnlyDictionary<string, string> settings) : IAsyncDisposable
{
    private readonly List<HostProcess> _generations = [];

    /// <summary>The host's name.</summary>
    public string Name => name;

    /// <summary>The process started last.</summary>
    public HostProcess Current => _generations.Count > 0 ? _generations[^1] : throw new InvalidOperationException($"{name} was never started.");

    /// <summary>Whether the process started last answers HTTP: it started and has not been killed since.</summary>
    public bool IsServing { get; private set; }

    /// <summary>Every process started for this host, oldest first.</summary>
    public IReadOnlyList<HostProcess> Generations => _generations;

    /// <summary>The durable engine's worker id of the process started last (each process has its own).</summary>
    public string? WorkerId => _generations.Count > 0 ? Current.WorkerId : null;

    /// <summary>Starts a new process for this host with <paramref name="extra"/> added to its settings, and waits until it answers HTTP and its durable engine runs.</summary>
    public async Task StartAsync(IReadOnlyDictionary<string, string>? extra = null)
    {
        if (_generations.Count > 0 && !Current.HasExited)
        {
            throw new InvalidOperationException($"{name} still runs as process {Current.Id}.");
        }

        var all = new Dictionary<string, string>(settings);
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        var process = HostProcess.Start($"{name} #{_generations.Count + 1}", all);
        _generations.Add(process);
        await process.WaitUntilReadyAsync();
        await Eventually.TrueAsync(() => process.WorkerId is not null, () => $"The durable engine of {process.Name} did not start.{Environment.NewLine}{process.Describe()}", TimeSpan.FromSeconds(90));
        IsServing = true;
    }

    /// <summary>Kills the running process with SIGKILL.</summary>
    public Task KillAsync()
    {
        IsServing = false;
        return Current.KillAsync();
    }

    /// <summary>How many lines of all its processes' output contain <paramref name="text"/>.</summary>
    public int CountOutputLines(string text) => _generations.Sum(p => p.CountOutputLines(text));

    /// <summary>Writes each process's whole output to <c>{name}-{n}.log</c> in <paramref name="directory"/>.</summary>
    public void SaveOutput(string directory)
    {
        for (var i = 0; i < _generations.Count; i++)
        {
            _generations[i].SaveOutput(Path.Combine(directory, $"{name}-{i + 1}.log"));
        }
    }

    /// <summary>Every process's state and output tail, for failure messages.</summary>
    public string Describe() => string.Join(Environment.NewLine, _generations.Select(p => p.Describe()));

    /// <summary>Stops the running process and cleans up after every one.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var process in _generations)
        {
            await process.DisposeAsync();
        }
    }
}
