using System.Reflection;
using System.Text;

namespace IkmaWorkflow.FunctionApp.Functions.OpenApiDescription;

/// <summary>
/// The <c>OpenApiDescription</c> function: <c>GET /api/openapi.json</c> serves the app's OpenAPI 3.1 description,
/// <c>openapi.json</c> beside this file, embedded in the assembly. It holds no secrets, so it needs no key.
/// </summary>
/// <remarks>
/// The description is written by hand and kept true by the API tests: every mapped route is in it and nothing else,
/// its examples are accepted by the running app, and the answers match its schemas.
/// </remarks>
public static class OpenApiDescriptionFunction
{
    /// <summary>The function's name, as its folder is named.</summary>
    public const string Name = "OpenApiDescription";

    /// <summary>The resource name of the embedded description.</summary>
    public const string ResourceName = "IkmaWorkflow.FunctionApp.openapi.json";

    /// <summary>The description's text, read once from the assembly.</summary>
    public static string Document { get; } = Read();

    /// <summary>Maps <c>GET /api/openapi.json</c>.</summary>
    public static IEndpointRouteBuilder MapOpenApiDescription(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/openapi.json", () => TypedResults.Text(Document, "application/json", Encoding.UTF8)).WithName(Name);
        return endpoints;
    }

    private static string Read()
    {
        using var stream = typeof(OpenApiDescriptionFunction).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The assembly lacks resource {ResourceName}; the project file embeds Functions/OpenApiDescription/openapi.json.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
