using IkmaWorkflow.CustomHandler;
using IkmaWorkflow.FunctionApp.Durable;
using IkmaWorkflow.FunctionApp.Functions.Clock;
using IkmaWorkflow.FunctionApp.Functions.DurableManagement;
using IkmaWorkflow.FunctionApp.Functions.Health;
using IkmaWorkflow.FunctionApp.Functions.Notifications;
using IkmaWorkflow.FunctionApp.Functions.OpenApiDescription;
using IkmaWorkflow.Programmes;
using IkmaWorkflow.Programmes.FollowUps;
using IkmaWorkflow.Programmes.Orchestrations;
using IkmaWorkflow.Programmes.Privacy;

namespace IkmaWorkflow.FunctionApp;

/// <summary>
/// The whole app's composition, shared by <c>Program.cs</c> and the tests that host the app in-process (which may
/// replace services such as the clock after <see cref="AddIkmaWorkflow"/>).
/// </summary>
public static class IkmaWorkflowApp
{
    /// <summary>Registers every part of the app.</summary>
    /// <exception cref="FunctionAppConfigurationException">A setting is not usable; the message names it.</exception>
    public static WebApplicationBuilder AddIkmaWorkflow(this WebApplicationBuilder builder)
    {
        builder.AddCustomHandler();
        builder.AddDemoClock();
        builder.AddStorage();
        builder.AddDurableFunctions(registry => registry.AddProgrammeWorkflow().AddFollowUps());
        builder.Services.AddHealth();
        builder.AddDurableManagement();
        builder.AddProgrammes();
        builder.AddFollowUps();
        builder.AddPrivacy();
        builder.AddNotifications();
        return builder;
    }

    /// <summary>Maps every endpoint and connects the runtime to the standalone triggers.</summary>
    public static WebApplication UseIkmaWorkflow(this WebApplication app)
    {
        app.MapHealth();
        app.MapDurableManagement();
        app.MapProgrammes();
        app.MapNotifications();
        app.MapOpenApiDescription();
        app.MapClock();
        app.MapCustomHandler();
        app.UseDurableFunctions();
        return app;
    }
}
