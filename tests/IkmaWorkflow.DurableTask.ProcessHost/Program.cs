using IkmaWorkflow.CustomHandler;
using IkmaWorkflow.DurableTask;
using IkmaWorkflow.DurableTask.ProcessHost;
using IkmaWorkflow.DurableTask.ProcessHost.Workflows;
using IkmaWorkflow.DurableTask.Worker;
using IkmaWorkflow.FunctionApp;
using IkmaWorkflow.FunctionApp.Durable;

try
{
    // The app root in the output folder holds only host.json and the two durable function folders; as content root
    // it keeps the configuration file watcher off everything else.
    var appRoot = Path.Combine(AppContext.BaseDirectory, "app");
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = appRoot });
    builder.Configuration.AddAppDefaults();
    builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
    {
        InitialData = new Dictionary<string, string?> { [FunctionHostSettings.ScriptRootKey] = appRoot },
    });
    var options = ProcessHostOptions.Read(builder.Configuration);
    var log = new WorkLog(options.DataDirectory);
    builder.Services.AddSingleton(options);
    builder.Services.AddSingleton(log);
    builder.Services.AddSingleton<CrashPoint>();
    builder.Logging.AddProvider(new WorkLogLoggerProvider(log));
    builder.Logging.AddFilter<WorkLogLoggerProvider>(WorkLogLoggerProvider.WorkerCategory, LogLevel.Debug);

    // The function app's own wiring: the custom handler with standalone queue listeners, the table client, and the
    // runtime fed by the DurableOrchestrations and DurableActivities functions.
    builder.AddCustomHandler();
    builder.AddStorage();
    builder.AddDurableFunctions(TestWorkflows.Register);

    // The one difference: a short timer hop. The worker and storage hold this very options instance.
    var durable = builder.Services.Where(d => d.ServiceType == typeof(DurableTaskOptions)).Select(d => d.ImplementationInstance).OfType<DurableTaskOptions>().Single();
    durable.MaxTimerHop = options.MaxTimerHop;

    await using var app = builder.Build();
    app.MapCustomHandler();
    app.UseDurableFunctions();
    app.Services.GetRequiredService<DurableTaskWorker>().Checkpoint = app.Services.GetRequiredService<CrashPoint>().ReachAsync;
    await app.RunAsync();
    return 0;
}
catch (FunctionAppConfigurationException ex)
{
    await Console.Error.WriteLineAsync($"The process host cannot start. {ex.Message}");
    return 2;
}
