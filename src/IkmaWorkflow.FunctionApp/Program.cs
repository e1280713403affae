using IkmaWorkflow.CustomHandler;
using IkmaWorkflow.FunctionApp;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.Configuration.AddLocalSettings(Directory.GetCurrentDirectory());
    builder.Configuration.AddAppDefaults();
    builder.AddIkmaWorkflow();

    var app = builder.Build();
    app.UseIkmaWorkflow();
    await app.RunAsync();
    return 0;
}
catch (FunctionAppConfigurationException ex)
{
    await Console.Error.WriteLineAsync($"IKMA Workflow cannot start. {ex.Message}");
    await Console.Error.WriteLineAsync("Fix the setting in local.settings.json (Values) or the environment; the README's configuration table lists every key.");
    return 2;
}
