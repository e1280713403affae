using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IkmaWorkflow.Programmes.WakeUps;

/// <summary>Business deadlines stored as data: the scanner the function app's daily <c>DeadlineCheck</c> runs.</summary>
public static class WakeUpServices
{
    /// <summary>Registers <see cref="WakeUpScanner"/>.</summary>
    public static IHostApplicationBuilder AddWakeUps(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<WakeUpScanner>();
        return builder;
    }
}
