using IkmaWorkflow.FunctionApp;
using Microsoft.Azure.Functions.Worker.Builder;

// Under the Functions host (Azure, or `func start` with Core Tools). Without the host, src/IkmaWorkflow.Standalone
// runs these same functions (./run).
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Configuration.AddAppDefaults();
builder.AddIkmaWorkflow();
await builder.Build().RunAsync();
