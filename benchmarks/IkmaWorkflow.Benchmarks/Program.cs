using IkmaWorkflow.Benchmarks;
using System.Globalization;
using IkmaWorkflow.Benchmarks.Driver;
using IkmaWorkflow.Benchmarks.Worker;

// Diagnostics print numbers the same way everywhere.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

BenchmarkArguments arguments;
try
{
    arguments = BenchmarkArguments.Parse(args);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    await Console.Error.WriteLineAsync(BenchmarkArguments.Usage);
    return 2;
}

if (arguments.Help)
{
    await Console.Out.WriteLineAsync(BenchmarkArguments.Usage);
    return 0;
}

return arguments.IsWorker
    ? await WorkerHost.RunAsync(arguments.WorkerHub!, arguments.WorkerPort)
    : await BenchmarkDriver.RunAsync(arguments);
