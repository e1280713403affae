using IkmaWorkflow.FunctionApp.Api;
using IkmaWorkflow.Programmes.Forms;

namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>Serves the pages' stylesheet and script from the app itself.</summary>
public sealed class AssetFunctions
{
    /// <summary><c>GET /api/pages/assets/{name}</c>: <c>site.css</c> or <c>site.js</c>, kept by browsers for a day (the address changes with the content).</summary>
    [Function("PageAsset")]
    public static IResult Asset([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.Asset)] HttpRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (PageAssets.Find(name) is not { } asset)
        {
            // A problem with a body: routing's own 404 for an unknown address has none.
            return BilingualProblem.Of(Problem.Of(
                ProblemKind.NotFound, "not-found", "Not found", $"The app serves no page asset '{name}'.", "Tidak ditemukan", $"Aplikasi tidak menyediakan berkas halaman '{name}'.", ("name", name)));
        }

        request.HttpContext.Response.Headers.CacheControl = "public, max-age=86400";
        request.HttpContext.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Bytes(asset.Content, asset.ContentType);
    }
}
