using System.Text;

namespace IkmaWorkflow.FunctionApp.Functions.OpenApiDescription;

/// <summary><c>GET /api/openapi.json</c>: the OpenAPI 3.1 description of every HTTP function, embedded in the assembly.</summary>
public static class OpenApiDescriptionFunction
{
    /// <summary>The resource name the project file gives Functions/OpenApiDescription/openapi.json.</summary>
    public const string ResourceName = "IkmaWorkflow.FunctionApp.openapi.json";

    /// <summary>The description's text.</summary>
    public static string Document { get; } = Read();

    /// <summary>Answers the description; no key needed.</summary>
    [Function("OpenApiDescription")]
    public static IResult Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request) =>
        TypedResults.Text(Document, "application/json", Encoding.UTF8);

    private static string Read()
    {
        using var stream = typeof(OpenApiDescriptionFunction).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The assembly lacks resource {ResourceName}; the project file embeds Functions/OpenApiDescription/openapi.json.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
