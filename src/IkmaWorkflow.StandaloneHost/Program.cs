using IkmaWorkflow.Programmes;
using IkmaWorkflow.Standalone;
using IkmaWorkflow.StandaloneHost;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddIkmaWorkflowStandalone();
    var app = builder.Build();
    app.MapStandaloneFunctions();
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is FunctionAppConfigurationException or AppSettingException)
{
    await Console.Error.WriteLineAsync($"IKMA Workflow cannot start. {ex.Message}");
    await Console.Error.WriteLineAsync("Fix the setting in local.settings.json (Values) or the environment; the README's configuration table lists every key.");
    return 2;
}
