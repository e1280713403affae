using IkmaWorkflow.Programmes.Orchestrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IkmaWorkflow.Programmes.WakeUps;

/// <summary>Business deadlines stored as data: the scanner and the orchestration repair the function app's daily <c>DeadlineCheck</c> runs.</summary>
public static class WakeUpServices
{
    /// <summary>Registers <see cref="WakeUpScanner"/> and <see cref="OrchestrationRepair"/> (which needs the follow-up settings, <c>AddFollowUps</c>); both take the durable client per run.</summary>
    public static IHostApplicationBuilder AddWakeUps(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<WakeUpScanner>();
        builder.Services.AddSingleton<OrchestrationRepair>();
        return builder;
    }
}
