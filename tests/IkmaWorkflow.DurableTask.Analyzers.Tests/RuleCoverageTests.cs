namespace IkmaWorkflow.DurableTask.Analyzers.Tests;

/// <summary>
/// Each rule's APIs inside a <c>TaskOrchestrator&lt;,&gt;</c> subclass, one per line, and the look-alikes each rule
/// must leave alone. Line numbers count from the first line of the snippet.
/// </summary>
public sealed class RuleCoverageTests
{
    [Fact]
    public async Task WallClock_EveryBannedApiInOrchestrator_ReportsIkdt001OnEachLine()
    {
        const string Source = """
            using System;
            using System.Diagnostics;
            using System.Threading.Tasks;
            using IkmaWorkflow.DurableTask;

            public sealed class Orchestrator : TaskOrchestrator<int, long>
            {
                public override Task<long> RunAsync(TaskOrchestrationContext context, int input)
                {
                    var now = DateTime.Now;
                    var utcNow = DateTime.UtcNow;
                    var today = DateTime.Today;
                    var offsetNow = DateTimeOffset.Now;
                    var offsetUtcNow = DateTimeOffset.UtcNow;
                    long ticks = Environment.TickCount;
                    ticks += Environment.TickCount64;
                    var stopwatch = Stopwatch.StartNew();
                    var another = new Stopwatch();
                    ticks += Stopwatch.GetTimestamp();
                    var clock = TimeProvider.System;
                    return Task.FromResult(ticks + now.Ticks + utcNow.Ticks + today.Ticks + offsetNow.Ticks + offsetUtcNow.Ticks);
                }
            }
            """;

        var reported = await AnalyzerHarness.IdsAndLinesAsync(Source);

        Assert.Equal(Enumerable.Range(10, 11).Select(line => ("IKDT001", line)), reported);
    }

    [Fact]
    public async Task Randomness_EveryBannedApiInOrchestrator_ReportsIkdt002OnEachLine()
    {
        const string Source = """
            using System;
            using System.IO;
            using System.Security.Cryptography;
            using System.Threading.Tasks;
            using IkmaWorkflow.DurableTask;

            public sealed class Orchestrator : TaskOrchestrator<int, string>
            {
                public override Task<string> RunAsync(TaskOrchestrationContext context, int input)
                {
                    var id = Guid.NewGuid();
                    var v7 = Guid.CreateVersion7();
                    var random = new Random();
                    var seeded = new Random(42);
                    var shared = Random.Shared.Next();
                    var secure = RandomNumberGenerator.GetInt32(10);
                    var name = Path.GetRandomFileName();
                    Func<Guid> factory = Guid.NewGuid;
                    return Task.FromResult($"{id}{v7}{random}{seeded}{shared}{secure}{name}{factory}");
                }
            }
            """;

        var reported = await AnalyzerHarness.IdsAndLinesAsync(Source);

        Assert.Equal(Enumerable.Range(11, 8).Select(line => ("IKDT002", line)), reported);
    }

    [Fact]
    public async Task Threading_EveryBannedApiInOrchestrator_ReportsIkdt003OnEachLine()
    {
        const string Source = """
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using IkmaWorkflow.DurableTask;

            public sealed class Orchestrator : TaskOrchestrator<int, int>
            {
                public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
                {
                    await Task.Delay(1000);
                    Thread.Sleep(10);
                    var a = await Task.Run(() => 1);
                    var b = await Task.Factory.StartNew(() => 2);
                    ThreadPool.QueueUserWorkItem(_ => { });
                    var thread = new Thread(() => { });
                    Parallel.For(0, 2, _ => { });
                    var c = await context.CallActivityAsync<int>("Add").ConfigureAwait(false);
                    await context.CallActivityAsync("Log").ConfigureAwait(ConfigureAwaitOptions.None);
                    return a + b + c + thread.ManagedThreadId;
                }
            }
            """;

        var reported = await AnalyzerHarness.IdsAndLinesAsync(Source);

        Assert.Equal(Enumerable.Range(10, 9).Select(line => ("IKDT003", line)), reported);
    }

    [Fact]
    public async Task InputOutput_EveryBannedApiInOrchestrator_ReportsIkdt004OnEachLine()
    {
        const string Source = """
            using System;
            using System.Data.Common;
            using System.IO;
            using System.Net.Http;
            using System.Net.Sockets;
            using System.Threading.Tasks;
            using Azure.Storage.Blobs;
            using IkmaWorkflow.DurableTask;

            public sealed class Orchestrator : TaskOrchestrator<string, string>
            {
                public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
                {
                    var text = File.ReadAllText(input);
                    var exists = Directory.Exists(input);
                    using var stream = new FileStream(input, FileMode.Open);
                    var full = Path.GetFullPath(input);
                    using var http = new HttpClient();
                    var body = await http.GetStringAsync(new Uri("https://example.org/"));
                    using var tcp = new TcpClient();
                    var factories = DbProviderFactories.GetProviderInvariantNames();
                    var blobs = new BlobServiceClient("UseDevelopmentStorage=true");
                    var container = blobs.GetBlobContainerClient("c");
                    Console.WriteLine(text);
                    var setting = Environment.GetEnvironmentVariable("SETTING");
                    return $"{exists}{full}{body}{factories}{container}{setting}";
                }
            }
            """;

        var reported = await AnalyzerHarness.IdsAndLinesAsync(Source);

        Assert.Equal(Enumerable.Range(14, 12).Select(line => ("IKDT004", line)), reported);
    }

    [Fact]
    public async Task RunAsync_ContextApisAndHarmlessLookAlikes_ReportsOnlyTheCanary()
    {
        // Everything here is deterministic; the one DateTime.Now (line 31) proves the analyzer ran on this snippet.
        const string Source = """
            using System;
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;
            using IkmaWorkflow.DurableTask;

            public sealed class Orchestrator : TaskOrchestrator<string, string>
            {
                public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
                {
                    var now = context.CurrentUtcDateTime;
                    var id = context.NewGuid();
                    await context.CreateTimer(now.AddMinutes(5), CancellationToken.None);
                    await context.CreateTimer(TimeSpan.FromSeconds(1), CancellationToken.None);
                    var result = await context.CallActivityAsync<string>("Read", input).ConfigureAwait(true);
                    await context.CallActivityAsync("Log").ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext);
                    await Task.WhenAll(context.CallActivityAsync("A"), context.CallActivityAsync("B"));
                    var logger = context.CreateReplaySafeLogger("Orchestrator");
                    var path = Path.Combine("a", Path.GetFileName("b.txt"));
                    using var memory = new MemoryStream();
                    var read = new StringReader("x").ReadToEnd();
                    var mode = FileMode.Open;
                    var name = nameof(DateTime.UtcNow);
                    var error = new IOException("x");
                    var etag = new Azure.ETag("x");
                    var deadline = new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc);
                    var parsed = DateTime.Parse("2030-01-01", System.Globalization.CultureInfo.InvariantCulture);
                    var cores = Environment.ProcessorCount;
                    var fixedId = new Guid("6f9619ff-8b86-d011-b42d-00cf4fc964ff");
                    var yielded = Task.FromResult(1);
                    var canary = DateTime.Now;
                    return $"{id}{result}{logger}{path}{memory.Length}{read}{mode}{name}{error}{etag}{deadline}{parsed}{cores}{fixedId}{yielded}{canary}";
                }
            }
            """;

        var reported = await AnalyzerHarness.IdsAndLinesAsync(Source);

        Assert.Equal([("IKDT001", 31)], reported);
    }

    [Fact]
    public async Task RunAsync_BannedApisThroughUsingStaticAliasAndFullName_AreStillReported()
    {
        const string Source = """
            using System.Threading.Tasks;
            using IkmaWorkflow.DurableTask;
            using static System.DateTime;
            using Clock = System.DateTimeOffset;

            public sealed class Orchestrator : TaskOrchestrator<int, string>
            {
                public override Task<string> RunAsync(TaskOrchestrationContext context, int input)
                {
                    var now = Now;
                    var offset = Clock.UtcNow;
                    var id = System.Guid.NewGuid();
                    return Task.FromResult($"{now}{offset}{id}");
                }
            }
            """;

        var reported = await AnalyzerHarness.IdsAndLinesAsync(Source);

        Assert.Equal([("IKDT001", 10), ("IKDT001", 11), ("IKDT002", 12)], reported);
    }
}
