using IkmaWorkflow.DemoData;

// dotnet run --project src/IkmaWorkflow.DemoData -- --url http://localhost:7071 --operator-key <key>
var url = "http://localhost:7071";
string? operatorKey = Environment.GetEnvironmentVariable("IKMA_OPERATOR_KEY");
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--url" when i + 1 < args.Length:
            url = args[++i];
            break;
        case "--operator-key" when i + 1 < args.Length:
            operatorKey = args[++i];
            break;
        case "-h" or "--help":
            Console.WriteLine("Loads the Tangerang 2023 and Cipinang 2024 cases into a running IKMA Workflow app with its demo clock on.");
            Console.WriteLine("  --url <address>          the app (default http://localhost:7071)");
            Console.WriteLine("  --operator-key <key>     the app's OperatorKey setting (or environment variable IKMA_OPERATOR_KEY)");
            Console.WriteLine("Start the app first with: ./run --demo");
            return 0;
        default:
            await Console.Error.WriteLineAsync($"demo-data: unknown argument '{args[i]}'. Use --url <address> and --operator-key <key>; --help tells more.");
            return 2;
    }
}

if (string.IsNullOrEmpty(operatorKey))
{
    await Console.Error.WriteLineAsync("demo-data: no operator key. Pass --operator-key with the app's OperatorKey setting (local.settings.sample.json has the local one).");
    return 2;
}

if (!Uri.TryCreate(url, UriKind.Absolute, out var baseAddress) || baseAddress.Scheme is not ("http" or "https"))
{
    await Console.Error.WriteLineAsync($"demo-data: --url '{url}' is not an http(s) address, such as http://localhost:7071.");
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

using var session = new DemoSession(baseAddress, operatorKey, Console.Out);
try
{
    await DemoLoader.RunAsync(session, cancel.Token);
    return 0;
}
catch (DemoException ex)
{
    await Console.Error.WriteLineAsync($"demo-data: error: {ex.Message}");
    return 1;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync("demo-data: stopped. Running it again continues where it stopped (forms already sent are answered from the first run).");
    return 130;
}
