using System.Reflection;
using System.Security.Cryptography;

namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>
/// The pages' stylesheet and script, embedded in the app and served by it (no CDN, no web font). Their addresses
/// carry a hash of their content, so a browser may keep them for a day and still never uses a stale one.
/// </summary>
public static class PageAssets
{
    private static readonly Dictionary<string, (byte[] Content, string ContentType, string Version)> Assets = Load();

    /// <summary>The stylesheet's address.</summary>
    public static string StylesheetPath => Path("site.css");

    /// <summary>The script's address.</summary>
    public static string ScriptPath => Path("site.js");

    /// <summary>The asset <paramref name="name"/>, or none.</summary>
    public static (byte[] Content, string ContentType)? Find(string name) =>
        Assets.TryGetValue(name, out var asset) ? (asset.Content, asset.ContentType) : null;

    private static string Path(string name) => $"{PageRoutes.AssetPath(name)}?v={Assets[name].Version}";

    private static Dictionary<string, (byte[], string, string)> Load()
    {
        var assembly = typeof(PageAssets).Assembly;
        return new Dictionary<string, (byte[], string, string)>(StringComparer.Ordinal)
        {
            ["site.css"] = Read(assembly, "site.css", "text/css; charset=utf-8"),
            ["site.js"] = Read(assembly, "site.js", "text/javascript; charset=utf-8"),
        };
    }

    private static (byte[], string, string) Read(Assembly assembly, string name, string contentType)
    {
        using var stream = assembly.GetManifestResourceStream("IkmaWorkflow.FunctionApp.Pages." + name)
            ?? throw new InvalidOperationException($"The page asset {name} is not embedded in the app.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var content = copy.ToArray();
        return (content, contentType, Convert.ToHexStringLower(SHA256.HashData(content))[..12]);
    }
}
