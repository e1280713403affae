using IkmaWorkflow.CustomHandler;
using IkmaWorkflow.FunctionApp;
using IkmaWorkflow.FunctionApp.Durable;
using IkmaWorkflow.FunctionApp.Functions.DurableManagement;
using IkmaWorkflow.FunctionApp.Functions.Health;
using IkmaWorkflow.FunctionApp.Functions.Notifications;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.Configuration.AddLocalSettings(Directory.GetCurrentDirectory());
    builder.Configuration.AddAppDefaults();
    builder.AddCustomHandler();
    builder.AddStorage();
    builder.AddDurableFunctions(registry => { });
    builder.Services.AddHealth();
    builder.AddDurableManagement();
    builder.AddNotifications();

    var app = builder.Build();
    app.MapHealth();
    app.MapDurableManagement();
    app.MapNotifications();
    app.MapCustomHandler();
    app.UseDurableFunctions();
    await app.RunAsync();
    return 0;
}
catch (FunctionAppConfigurationException ex)
{
    await Console.Error.WriteLineAsync($"IKMA Workflow cannot start. {ex.Message}");
    await Console.Error.WriteLineAsync("Fix the setting in local.settings.json (Values) or the environment; the README's configuration table lists every key.");
    return 2;
}
