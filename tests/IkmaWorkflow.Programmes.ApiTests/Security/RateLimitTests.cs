using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IkmaWorkflow.FunctionApp.Api;
using IkmaWorkflow.FunctionApp.Pages;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Organisations;
using IkmaWorkflow.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IkmaWorkflow.Programmes.ApiTests.Security;

/// <summary>
/// The rate limits over HTTP (docs/security.md, "Rate limits"): each test's clients connect from their own loopback
/// address (127.0.0.x, bound before connecting), so each is a client of its own as the app sees it.
/// </summary>
public sealed partial class RateLimitTests(RateLimitTests.LimitedFixture fixture) : IClassFixture<RateLimitTests.LimitedFixture>
{
    [Fact]
    public async Task Verify_61stRequestInAMinuteFromOneClient_Answers429WithRetryAfterAndProblem()
    {
        var refused = new ConcurrentQueue<string>();
        using var listener = RefusalListener(refused);
        using var client = From("127.0.0.10");
        using var other = From("127.0.0.11");

        // Each request claims another address in X-Forwarded-For: without RateLimits__TrustForwardedFor it is ignored.
        for (var i = 1; i <= 60; i++)
        {
            using var allowed = await VerifyAsync(client, forwardedFor: $"198.51.100.{i}");
            Assert.NotEqual(HttpStatusCode.TooManyRequests, allowed.StatusCode);
        }

        using var refusal = await VerifyAsync(client, forwardedFor: "198.51.100.61");
        using var otherClient = await VerifyAsync(other);
        using var health = await client.GetAsync("api/health");

        Assert.Equal(HttpStatusCode.TooManyRequests, refusal.StatusCode);
        var retryAfter = refusal.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
        var problem = JsonNode.Parse(await refusal.Content.ReadAsStringAsync())!;
        Assert.Equal("application/problem+json", refusal.Content.Headers.ContentType?.MediaType);
        Assert.Equal("urn:ikma-workflow:problem:rate-limited", problem["type"]!.GetValue<string>());
        Assert.Equal("verify", problem["limit"]!.GetValue<string>());
        Assert.Equal((int)retryAfter.Value.TotalSeconds, problem["retryAfterSeconds"]!.GetValue<int>());
        Assert.Contains("More than 60 certificate verifications in a minute", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Lebih dari 60 verifikasi sertifikat dalam satu menit", problem["indonesian"]!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, otherClient.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        await Eventually.TrueAsync(() => refused.Contains(RateLimits.VerifyName), "the refusal was not counted on ikma.rate_limit.refused");
    }

    [Fact]
    public async Task Keys_TooManyNotAcceptedFromOneClient_RefuseEvenTheRightKeyUntilTheWindowPasses()
    {
        using var attacker = From("127.0.0.20");
        using var neighbour = From("127.0.0.21");
        var rightKey = fixture.Key("yayasan-batas");
        var wrongKey = rightKey[..^4] + (rightKey.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");

        using var first = await ReadAsync(attacker, ApiKey.HeaderName, wrongKey);
        using var second = await ReadAsync(attacker, ApiKey.HeaderName, "ikma.not-a-key");
        using var third = await ReadAsync(attacker, OperatorKey.HeaderName, "not-the-operator-key", "api/durable/instances");
        using var lockedOut = await ReadAsync(attacker, ApiKey.HeaderName, rightKey);
        using var neighbourRead = await ReadAsync(neighbour, ApiKey.HeaderName, rightKey);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], new[] { first.StatusCode, second.StatusCode, third.StatusCode });
        Assert.Equal(HttpStatusCode.TooManyRequests, lockedOut.StatusCode);
        Assert.NotNull(lockedOut.Headers.RetryAfter?.Delta);
        var problem = JsonNode.Parse(await lockedOut.Content.ReadAsStringAsync())!;
        Assert.Equal("failed-keys", problem["limit"]!.GetValue<string>());
        Assert.Contains("even with the right key", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("kunci yang benar pun", problem["indonesian"]!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, neighbourRead.StatusCode);

        // The window (10 s in this fixture) passes: the right key works again from the same address.
        await Eventually.TrueAsync(
            async () =>
            {
                using var again = await ReadAsync(attacker, ApiKey.HeaderName, rightKey);
                return again.StatusCode == HttpStatusCode.OK;
            },
            "the right key was still refused after the window",
            within: TimeSpan.FromSeconds(45));
    }

    [Fact]
    public async Task Forms_OverTheLimitOfOneCredential_Answer429AndOtherCredentialsAreServed()
    {
        using var ybi = fixture.Host.Client(ApiKey.HeaderName, fixture.Key("yayasan-batas"));
        using var other = fixture.Host.Client(ApiKey.HeaderName, fixture.Key("yayasan-lain"));

        for (var i = 1; i <= 5; i++)
        {
            var (allowed, _) = await ybi.PostJsonAsync("api/programmes", new { });
            Assert.True(allowed.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden, $"form {i} answered {(int)allowed.StatusCode}");
        }

        var (refused, problem) = await ybi.PostJsonAsync("api/programmes", new { });
        var (otherForm, _) = await other.PostJsonAsync("api/programmes", new { });
        using var read = await ybi.GetAsync("api/programmes");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        Assert.Equal("forms", problem!["limit"]!.GetValue<string>());
        Assert.Contains("More than 5 forms in a minute", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(otherForm.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden, $"the other foundation's form answered {(int)otherForm.StatusCode}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task Forms_RetryAfter_IsTheTimeLeftInTheWindowNotTheWholeWindow()
    {
        using var client = fixture.Host.Client(ApiKey.HeaderName, fixture.Key("yayasan-jeda"));
        for (var i = 1; i <= 5; i++)
        {
            var (allowed, _) = await client.PostJsonAsync("api/programmes", new { });
            Assert.NotEqual(HttpStatusCode.TooManyRequests, allowed.StatusCode);
        }

        var (first, _) = await client.PostJsonAsync("api/programmes", new { });
        var firstWait = first.Headers.RetryAfter?.Delta;

        // 40 seconds of the one-minute window pass on the app's clock: what is left is at most 20 seconds.
        fixture.Host.Clock.SetUtcNow(fixture.Host.Clock.GetUtcNow().AddSeconds(40));
        var (second, secondProblem) = await client.PostJsonAsync("api/programmes", new { });
        var secondWait = second.Headers.RetryAfter?.Delta;

        // And once that is over too, the next form is served.
        fixture.Host.Clock.SetUtcNow(fixture.Host.Clock.GetUtcNow().AddSeconds(21));
        var (afterwards, _) = await client.PostJsonAsync("api/programmes", new { });

        Assert.Equal((HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests), (first.StatusCode, second.StatusCode));
        Assert.NotNull(firstWait);
        Assert.NotNull(secondWait);
        Assert.InRange(firstWait.Value.TotalSeconds, 40, 60);
        Assert.InRange(secondWait.Value.TotalSeconds, 1, 20);
        Assert.Equal((int)secondWait.Value.TotalSeconds, secondProblem!["retryAfterSeconds"]!.GetValue<int>());
        Assert.Contains($"Try again in {(int)secondWait.Value.TotalSeconds} seconds.", secondProblem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, afterwards.StatusCode);
    }

    [Fact]
    public async Task PageForms_OverTheLimitOfOneSignedInPerson_Answer429PageAndAnotherPersonIsServed()
    {
        using var siti = await fixture.Host.SignedInAsync("yayasan-batas", "psn-rate-siti", PersonRole.Coordinator);
        using var budi = await fixture.Host.SignedInAsync("yayasan-batas", "psn-rate-budi", PersonRole.Coordinator);

        // The limit is counted before the form is read: these posts carry no anti-forgery token and answer 400 pages.
        var answered = new List<HttpStatusCode>();
        for (var i = 1; i <= 6; i++)
        {
            using var response = await PostPageFormAsync(siti);
            answered.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.NotNull(response.Headers.RetryAfter?.Delta);
                Assert.InRange(response.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
                var page = await response.Content.ReadAsStringAsync();
                Assert.Contains("<html", page, StringComparison.Ordinal);
                Assert.Contains("Lebih dari 5 formulir dalam satu menit", page, StringComparison.Ordinal);
            }
        }

        using var other = await PostPageFormAsync(budi);

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.BadRequest, 5), HttpStatusCode.TooManyRequests], answered);
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
    }

    [Fact]
    public async Task SignIn_TooManyLinksForAnAddressOrFromAClient_Answer429Page()
    {
        using var browser = From("127.0.0.30", cookies: true);

        var asked = new List<HttpStatusCode>();
        foreach (var email in new[] { "siti@example.org", "SITI@example.org", "siti@example.org", "budi@example.org", "wati@example.org" })
        {
            using var response = await AskForLinkAsync(browser, email);
            asked.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.NotNull(response.Headers.RetryAfter?.Delta);
                var page = await response.Content.ReadAsStringAsync();
                Assert.Contains("<html", page, StringComparison.Ordinal);
                Assert.Contains(email == "wati@example.org" ? "tautan masuk dalam satu menit diminta dari alamat Anda" : "tautan masuk dalam 15 menit diminta untuk alamat email ini", page, StringComparison.Ordinal);
            }
        }

        // Two links per address (any case), four per client in this fixture: the third for Siti, then the fifth request.
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], asked);
    }

    [Fact]
    public async Task ForwardedFor_Trusted_CountsTheAddressTheProxyWrote()
    {
        await using var host = await AppHost.StartAsync(await fixture.ConnectionStringAsync(), DateTimeOffset.UtcNow, new Dictionary<string, string?>
        {
            ["RateLimits:TrustForwardedFor"] = "true",
            ["RateLimits:Verify:Permits"] = "2",
        });
        using var proxy = new HttpClient { BaseAddress = host.BaseAddress };

        // What a client writes before the proxy's entry changes nothing; the proxy's entry (with its port) is the client.
        var sameClient = new List<HttpStatusCode>();
        foreach (var forged in new[] { "10.0.0.1", "10.0.0.2", "10.0.0.3" })
        {
            using var response = await VerifyAsync(proxy, forwardedFor: $"{forged}, 203.0.113.7:50123");
            sameClient.Add(response.StatusCode);
        }

        using var otherClient = await VerifyAsync(proxy, forwardedFor: "203.0.113.8:40000");
        using var ipv6Client = await VerifyAsync(proxy, forwardedFor: "[2001:db8:1:2::5]:443");

        Assert.Equal([false, false, true], sameClient.Select(s => s == HttpStatusCode.TooManyRequests));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, otherClient.StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, ipv6Client.StatusCode);
    }

    private static async Task<HttpResponseMessage> PostPageFormAsync(HttpClient browser)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["title"] = "x" });
        return await browser.PostAsync("api/pages/programmes/prg-none/plan", content);
    }

    private static async Task<HttpResponseMessage> VerifyAsync(HttpClient client, string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/verify/IKMA-2024-NOTREAL");
        request.Headers.Accept.ParseAdd("application/json");
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return await client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> ReadAsync(HttpClient client, string header, string key, string path = "api/programmes")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(header, key);
        return await client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> AskForLinkAsync(HttpClient browser, string email)
    {
        var form = await browser.GetStringAsync("api/pages/sign-in?lang=id");
        var token = FormToken().Match(form).Groups["token"].Value;
        Assert.NotEmpty(token);
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [AntiForgery.FieldName] = WebUtility.HtmlDecode(token),
            ["email"] = email,
            [PageCalls.NextParameter] = string.Empty,
        });
        return await browser.PostAsync("api/pages/sign-in", content);
    }

    // Counts this app's refusals (its own meter factory: other tests' apps in this process are not heard).
    private MeterListener RefusalListener(ConcurrentQueue<string> refused)
    {
        var meters = fixture.Host.App.Services.GetRequiredService<IMeterFactory>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == RateLimitsMeter.RefusedName && ReferenceEquals(instrument.Meter.Scope, meters))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "limit")
                {
                    refused.Enqueue((string)tag.Value!);
                }
            }
        });
        listener.Start();
        return listener;
    }

    // A client whose connections come from sourceAddress, another loopback address than the tests' usual 127.0.0.1.
    private HttpClient From(string sourceAddress, bool cookies = false)
    {
        var handler = new SocketsHttpHandler
        {
            UseCookies = cookies,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(sourceAddress), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = fixture.Host.BaseAddress };
    }

    [GeneratedRegex("name=\"__form\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex FormToken();

    /// <summary>An app with small limits (certificate verifications at the default 60 a minute), and three foundations.</summary>
    public sealed class LimitedFixture : IAsyncLifetime
    {
        private readonly Dictionary<string, string> _keys = [];
        private AzuriteInstance? _azurite;
        private AppHost? _host;

        internal AppHost Host => _host!;

        public Task<string> ConnectionStringAsync() => Task.FromResult(_azurite!.ConnectionString);

        public string Key(string organisationId) => _keys[organisationId];

        public async Task InitializeAsync()
        {
            _azurite = await AzuriteInstance.StartAsync();
            _host = await AppHost.StartAsync(_azurite.ConnectionString, DateTimeOffset.UtcNow, new Dictionary<string, string?>
            {
                ["RateLimits:Verify:Permits"] = "60",
                ["RateLimits:FailedKeys:Permits"] = "3",
                ["RateLimits:FailedKeys:Window"] = "00:00:10",
                ["RateLimits:Forms:Permits"] = "5",
                ["RateLimits:SignInPerAddress:Permits"] = "2",
                ["RateLimits:SignInPerClient:Permits"] = "4",
            });
            using var client = Host.Operator();
            foreach (var id in new[] { "yayasan-batas", "yayasan-lain", "yayasan-jeda" })
            {
                var (response, body) = await client.PostJsonAsync("api/organisations", new { id, name = "Yayasan " + id, kind = "Foundation" });
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                _keys[id] = body!["apiKey"]!.GetValue<string>();
            }
        }

        public async Task DisposeAsync()
        {
            if (_host is not null)
            {
                await _host.DisposeAsync();
            }

            if (_azurite is not null)
            {
                await _azurite.DisposeAsync();
            }
        }
    }
}
