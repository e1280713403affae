using Azure.Data.Tables;
using IkmaWorkflow.CustomHandler;

namespace IkmaWorkflow.FunctionApp;

/// <summary>Registers the Table Storage client beside the blob and queue clients the custom handler registers.</summary>
public static class StorageRegistration
{
    /// <summary>Adds a <see cref="TableServiceClient"/> on <c>AzureWebJobsStorage</c>.</summary>
    public static WebApplicationBuilder AddStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp => new TableServiceClient(sp.GetRequiredService<FunctionHostSettings>().Storage));
        return builder;
    }
}
