using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using IkmaWorkflow.Benchmarks.Driver;
using IkmaWorkflow.Benchmarks.Hosting;
using IkmaWorkflow.Programmes.Access;

namespace IkmaWorkflow.Benchmarks.Scenarios;

/// <summary>
/// <c>load</c>: 200 partner organisations, each with its own API key, send person forms
/// (<c>POST /api/organisations/{id}/people</c>, each with its own <c>Idempotency-Key</c>) as fast as they are answered for
/// <c>IKMA_LOAD_SECONDS</c> (default 60); then every 201 is looked up in the stored records, which must hold it once and
/// nothing else. Then 200 slow clients hold connections open, sending a request's headers or its body a byte at a time,
/// for <c>IKMA_SLOW_SECONDS</c> (default 30), while health checks (one after another) and one normal partner (a form
/// every 250 ms) are timed, as they are for 10 s before the slow clients come. Targets: no errors,
/// nothing lost or stored twice, health p99 ≤ 1 s among the slow clients.
/// </summary>
/// <remarks>
/// The app keeps its default rate limits but for the forms per credential, raised to 600 a minute: the setup registers
/// the 200 organisations with the operator key within a minute, more than the default 120. The result line says how
/// many forms the busiest partner sent in a minute, to read against the default.
/// </remarks>
internal static class LoadScenario
{
    /// <summary>The scenario's name on the command line and in its result lines.</summary>
    public const string Name = "load";

    private const int Partners = 200;
    private const int SlowClients = 200;
    private const double TargetHealthP99Ms = 1000;
    private const int SetupParallelism = 8;

    // How often the timed partner sends a form.
    private static readonly TimeSpan PartnerPace = TimeSpan.FromMilliseconds(250);

    // How long a slow client waits between two bytes.
    private static readonly TimeSpan ByteInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Runs the scenario on an Azurite and app of its own, stopped again when it ends.</summary>
    public static async Task<ScenarioResult> RunAsync(CancellationToken cancellationToken)
    {
        var loadSeconds = Seconds("IKMA_LOAD_SECONDS", 60);
        var slowSeconds = Seconds("IKMA_SLOW_SECONDS", 30);
        await using var app = await BenchmarkApp.StartAsync(ProgrammeForms.ClockStart, cancellationToken, new Dictionary<string, string?>
        {
            ["RateLimits:Forms:Permits"] = "600",
        });
        using var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var http = new HttpClient(handler) { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(100) };
        using var operatorClient = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(100) };
        operatorClient.DefaultRequestHeaders.Add(OperatorKey.HeaderName, BenchmarkApp.OperatorKeyValue);

        Progress.Say($"{Name}: registering {Partners} partner organisations");
        var keys = new ConcurrentDictionary<int, string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Partners + 1), new ParallelOptions { MaxDegreeOfParallelism = SetupParallelism, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            using var response = await operatorClient.PostAsJsonAsync("api/organisations", new { id = PartnerId(i), name = $"Yayasan Beban {i}", kind = "Foundation" }, ct);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
            keys[i] = response.IsSuccessStatusCode ? body["apiKey"]!.GetValue<string>() : throw new BenchmarkException($"registering {PartnerId(i)} answered {(int)response.StatusCode}: {body}");
        });

        // Warm-up: one form per partner, outside the window.
        await Parallel.ForEachAsync(Enumerable.Range(0, Partners), new ParallelOptions { MaxDegreeOfParallelism = SetupParallelism, CancellationToken = cancellationToken }, async (i, ct) =>
            await SendPersonAsync(http, i, keys[i], "warm-up", ct));

        Progress.Say($"{Name}: {Partners} partners sending forms for {loadSeconds} s");
        var load = await PartnersAsync(http, keys, TimeSpan.FromSeconds(loadSeconds), cancellationToken);
        Progress.Say($"{Name}: checking the stored people of {Partners} partners");
        var (lost, twice, unanswered) = await CheckStoredAsync(operatorClient, load.Created, cancellationToken);
        var lines = new List<JsonObject>
        {
            new()
            {
                ["scenario"] = Name,
                ["phase"] = "partners",
                ["partners"] = Partners,
                ["seconds"] = Math.Round(load.Seconds, 1),
                ["requests"] = load.LatenciesMs.Count,
                ["created"] = load.Created.Count,
                ["p50Ms"] = Percentile.Of(load.LatenciesMs, 50),
                ["p99Ms"] = Percentile.Of(load.LatenciesMs, 99),
                ["perSecond"] = Math.Round(load.LatenciesMs.Count / load.Seconds, 1),
                ["errors"] = load.Errors,
                ["refused429"] = load.Refused,
                ["lost"] = lost,
                ["storedTwice"] = twice,
                ["storedUnanswered"] = unanswered,
                ["busiestPartnerPerMinute"] = Math.Round(load.BusiestPartner / load.Seconds * 60, 1),
                ["loadAverage"] = MachineLoad.OneMinute(),
            },
        };

        Progress.Say($"{Name}: health and one partner timed alone for 10 s");
        var alone = await TimedAsync(http, keys[Partners], TimeSpan.FromSeconds(10), cancellationToken);
        lines.Add(Timed("alone", alone, 0, null));

        Progress.Say($"{Name}: {SlowClients} slow clients for {slowSeconds} s, health and one partner timed");
        using var stopSlow = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var slow = new SlowCounters();
        var slowTasks = Enumerable.Range(0, SlowClients).Select(i => Task.Run(() => SlowClientAsync(app.BaseAddress, i % 2 == 0, slow, stopSlow.Token), CancellationToken.None)).ToList();
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var among = await TimedAsync(http, keys[Partners], TimeSpan.FromSeconds(slowSeconds), cancellationToken);
        var open = Volatile.Read(ref slow.Open);
        await stopSlow.CancelAsync();
        await Task.WhenAll(slowTasks);
        lines.Add(Timed("slow-clients", among, open, slow));

        var targets = new List<Target>
        {
            new($"{Name} partners", "errors", 0, load.Errors),
            new($"{Name} partners", "lost", 0, lost),
            new($"{Name} partners", "storedTwice", 0, twice),
            new($"{Name} slow-clients", "healthP99Ms", TargetHealthP99Ms, Percentile.Of(among.HealthMs, 99)),
            new($"{Name} slow-clients", "errors", 0, among.Errors),
        };
        return new ScenarioResult(lines, targets);
    }

    private static string PartnerId(int i) => $"mitra-beban-{i:000}";

    private static int Seconds(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 ? seconds : fallback;

    // Every partner sends one form after another until the window ends.
    private static async Task<LoadOutcome> PartnersAsync(HttpClient http, ConcurrentDictionary<int, string> keys, TimeSpan window, CancellationToken cancellationToken)
    {
        var latencies = new ConcurrentBag<double>();
        var created = new ConcurrentDictionary<string, string>();
        var errors = 0;
        var refused = 0;
        var perPartner = new int[Partners];
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Partners).Select(partner => Task.Run(async () =>
        {
            for (var n = 0; watch.Elapsed < window; n++)
            {
                var sent = Stopwatch.GetTimestamp();
                var (status, id, failure) = await SendPersonAsync(http, partner, keys[partner], n.ToString(CultureInfo.InvariantCulture), cancellationToken);
                latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                perPartner[partner]++;
                if (status == 201 && id is not null)
                {
                    created[$"{PartnerId(partner)}/{id}"] = $"{partner}-{n}";
                    continue;
                }

                Interlocked.Increment(ref errors);
                if (status == 429)
                {
                    Interlocked.Increment(ref refused);
                }

                Progress.Say($"{Name}: partner {partner} form {n}: {failure}");
            }
        }, cancellationToken)));
        return new LoadOutcome([.. latencies], watch.Elapsed.TotalSeconds, errors, refused, created, perPartner.Max());
    }

    private static async Task<(int Status, string? Id, string? Failure)> SendPersonAsync(HttpClient http, int partner, string key, string n, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/organisations/{PartnerId(partner)}/people")
        {
            Content = JsonContent.Create(new { name = $"Pendamping {partner}-{n}", email = $"pendamping-{partner}-{n}@beban.example.org", role = "Trainer" }),
        };
        request.Headers.Add(ApiKey.HeaderName, key);
        request.Headers.Add("Idempotency-Key", $"load:{partner}:{n}");
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return (int)response.StatusCode == 201
                ? (201, JsonNode.Parse(body)?["id"]?.GetValue<string>(), null)
                : ((int)response.StatusCode, null, $"{(int)response.StatusCode} {(body.Length > 200 ? body[..200] : body)}");
        }
        catch (HttpRequestException ex)
        {
            return (0, null, ex.Message);
        }
    }

    // Reads every partner's people: each 201 must be there once, and nothing else (but the warm-up's).
    private static async Task<(int Lost, int Twice, int Unanswered)> CheckStoredAsync(HttpClient operatorClient, IReadOnlyDictionary<string, string> created, CancellationToken cancellationToken)
    {
        var stored = new ConcurrentBag<(string Key, string Name)>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Partners), new ParallelOptions { MaxDegreeOfParallelism = SetupParallelism, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var people = await operatorClient.GetFromJsonAsync<JsonArray>($"api/organisations/{PartnerId(i)}/people", ct) ?? [];
            foreach (var person in people)
            {
                var name = person!["name"]!.GetValue<string>();
                if (!name.EndsWith("-warm-up", StringComparison.Ordinal))
                {
                    stored.Add(($"{PartnerId(i)}/{person["id"]!.GetValue<string>()}", name));
                }
            }
        });
        var ids = stored.Select(s => s.Key).ToHashSet();
        var lost = created.Keys.Count(k => !ids.Contains(k));
        var twice = stored.GroupBy(s => s.Name).Sum(g => g.Count() - 1);
        var unanswered = ids.Count(k => !created.ContainsKey(k));
        return (lost, twice, unanswered);
    }

    // Health checks one after another, and one partner's forms every PartnerPace, for `window`.
    private static async Task<TimedOutcome> TimedAsync(HttpClient http, string key, TimeSpan window, CancellationToken cancellationToken)
    {
        var health = new List<double>();
        var forms = new List<double>();
        var errors = 0;
        var watch = Stopwatch.StartNew();
        var healthTask = Task.Run(async () =>
        {
            while (watch.Elapsed < window)
            {
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.GetAsync("api/health", cancellationToken);
                    health.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                catch (HttpRequestException)
                {
                    health.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                    Interlocked.Increment(ref errors);
                }
            }
        }, cancellationToken);
        var formsTask = Task.Run(async () =>
        {
            // A partner as people work: a form every quarter second at most (240 a minute, within its limit).
            using var pace = new PeriodicTimer(PartnerPace);
            for (var n = 0; watch.Elapsed < window && await pace.WaitForNextTickAsync(cancellationToken); n++)
            {
                var sent = Stopwatch.GetTimestamp();
                var (status, _, failure) = await SendPersonAsync(http, Partners, key, $"timed-{watch.ElapsedTicks}-{n}", cancellationToken);
                forms.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                if (status != 201)
                {
                    Interlocked.Increment(ref errors);
                    Progress.Say($"{Name}: timed partner form {n}: {failure}");
                }
            }
        }, cancellationToken);
        await Task.WhenAll(healthTask, formsTask);
        return new TimedOutcome(health, forms, errors);
    }

    private static JsonObject Timed(string phase, TimedOutcome outcome, int slowOpen, SlowCounters? slow) => new()
    {
        ["scenario"] = Name,
        ["phase"] = phase,
        ["slowClientsOpen"] = slowOpen,
        ["slowConnections"] = slow?.Connections,
        ["slowCutByServer"] = slow?.Cut,
        ["healthChecks"] = outcome.HealthMs.Count,
        ["healthP50Ms"] = Percentile.Of(outcome.HealthMs, 50),
        ["healthP99Ms"] = Percentile.Of(outcome.HealthMs, 99),
        ["healthMaxMs"] = outcome.HealthMs.Count == 0 ? null : Math.Round(outcome.HealthMs.Max(), 1),
        ["partnerForms"] = outcome.FormsMs.Count,
        ["partnerP50Ms"] = Percentile.Of(outcome.FormsMs, 50),
        ["partnerP99Ms"] = Percentile.Of(outcome.FormsMs, 99),
        ["errors"] = outcome.Errors,
        ["loadAverage"] = MachineLoad.OneMinute(),
    };

    // A client that opens a connection and sends a request a byte at a time: its headers (bodyOnly false), or its
    // headers at once and then its body (an operator's event, which the app reads). When the server drops it, it
    // connects again, so the app has SlowClients such connections all along.
    private static async Task SlowClientAsync(Uri app, bool bodyOnly, SlowCounters counters, CancellationToken stop)
    {
        var body = Encoding.ASCII.GetBytes("{\"pad\":\"" + new string('x', 990) + "\"}");
        var head = Encoding.ASCII.GetBytes(
            $"POST /api/durable/instances/slow-client/raiseEvent/Slow HTTP/1.1\r\nHost: {app.Authority}\r\n{OperatorKey.HeaderName}: {BenchmarkApp.OperatorKeyValue}\r\n" +
            $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n");
        while (!stop.IsCancellationRequested)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(app.Host, app.Port, stop);
                Interlocked.Increment(ref counters.Connections);
                Interlocked.Increment(ref counters.Open);
                try
                {
                    if (bodyOnly)
                    {
                        await socket.SendAsync(head, stop);
                    }

                    foreach (var b in bodyOnly ? body : [.. head, .. body])
                    {
                        await socket.SendAsync(new[] { b }, stop);
                        await Task.Delay(ByteInterval, stop);

                        // The server answered (408 for a body too slow) or closed the connection.
                        if (socket.Poll(0, SelectMode.SelectRead))
                        {
                            Interlocked.Increment(ref counters.Cut);
                            break;
                        }
                    }
                }
                finally
                {
                    Interlocked.Decrement(ref counters.Open);
                }
            }
            catch (SocketException)
            {
                Interlocked.Increment(ref counters.Cut);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private sealed record LoadOutcome(IReadOnlyList<double> LatenciesMs, double Seconds, int Errors, int Refused, IReadOnlyDictionary<string, string> Created, int BusiestPartner);

    private sealed record TimedOutcome(List<double> HealthMs, List<double> FormsMs, int Errors);

    private sealed class SlowCounters
    {
        public int Connections;
        public int Open;
        public int Cut;
    }
}
