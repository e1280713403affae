using System.Globalization;
using System.Reflection;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.StandaloneHost.Tests.Hosting;

/// <summary>Where the standalone host's build output is, and the settings the tests start it with.</summary>
internal static class HostBuild
{
    public const string AssemblyName = "IkmaWorkflow.StandaloneHost";

    private const string SolutionFileName = "IkmaWorkflow.sln";

    private static readonly Lazy<string> LazyOutputDirectory = new(FindOutputDirectory);

    /// <summary>
    /// The host's build output, <c>src/IkmaWorkflow.StandaloneHost/bin/&lt;Configuration&gt;/&lt;tfm&gt;/</c> for this test
    /// assembly's configuration and target framework, which the project reference built: the executable, the function
    /// app's assemblies, its <c>host.json</c> and the <c>functions.metadata</c> the Functions SDK generated.
    /// </summary>
    public static string OutputDirectory => LazyOutputDirectory.Value;

    /// <summary>The host's main assembly, run with <c>dotnet</c> as <c>./run</c> does.</summary>
    public static string AssemblyPath => Path.Combine(OutputDirectory, AssemblyName + ".dll");

    /// <summary>
    /// A connection string in Azurite's form whose three endpoints are loopback ports nothing listens on, so every
    /// storage call is refused. It is never <c>UseDevelopmentStorage=true</c>, which would reach a developer's Azurite.
    /// </summary>
    public static string UnreachableStorage()
    {
        var ports = FreePort.Next(3);
        return "DefaultEndpointsProtocol=http;" +
            $"AccountName={AzuriteInstance.AccountName};AccountKey={AzuriteInstance.AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{ports[0]}/{AzuriteInstance.AccountName};" +
            $"QueueEndpoint=http://127.0.0.1:{ports[1]}/{AzuriteInstance.AccountName};" +
            $"TableEndpoint=http://127.0.0.1:{ports[2]}/{AzuriteInstance.AccountName};";
    }

    /// <summary>
    /// A task hub name and record prefix no other host uses: <paramref name="stem"/> (at most 12 lowercase letters and
    /// digits) and 8 random hex digits, valid as both (<c>TaskHubName</c>: letters and digits; <c>Records__Prefix</c>:
    /// at most 20), so hosts of different tests on one Azurite never share the engine's or the records' storage.
    /// </summary>
    public static string NewHub(string stem) => UniqueName.ForTable(stem);

    /// <summary>The settings of a host on <paramref name="storage"/> serving HTTP on <paramref name="httpPort"/>, with task hub and record prefix <paramref name="hub"/>.</summary>
    public static Dictionary<string, string> Settings(string storage, int httpPort, string hub) => new()
    {
        ["AzureWebJobsStorage"] = storage,
        ["Standalone__HttpPort"] = httpPort.ToString(CultureInfo.InvariantCulture),
        ["TaskHubName"] = hub,
        ["Records__Prefix"] = hub,
    };

    /// <summary>The function app's functions as the Functions host reads them: <c>functions.metadata</c> in the build output.</summary>
    public static IReadOnlyList<JsonObject> Functions() =>
        [.. (JsonNode.Parse(File.ReadAllText(Path.Combine(OutputDirectory, "functions.metadata")))?.AsArray() ?? []).OfType<JsonObject>()];

    /// <summary>The HTTP route prefix of <c>host.json</c> (<c>extensions.http.routePrefix</c>; the host's default is <c>api</c>).</summary>
    public static string HttpRoutePrefix() =>
        (JsonNode.Parse(File.ReadAllText(Path.Combine(OutputDirectory, "host.json")))?["extensions"]?["http"]?["routePrefix"]?.GetValue<string>() ?? "api").Trim('/');

    private static string FindOutputDirectory()
    {
        var assembly = typeof(HostBuild).Assembly;
        var configuration = assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration
            ?? throw new InvalidOperationException("The test assembly has no AssemblyConfigurationAttribute to tell its build configuration.");
        var framework = new FrameworkName(assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName
            ?? throw new InvalidOperationException("The test assembly has no TargetFrameworkAttribute."));
        var tfm = $"net{framework.Version.Major}.{framework.Version.Minor}";
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (!File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
            {
                continue;
            }

            // The project reference builds the host with this assembly's configuration and target framework; its
            // output is not copied here (ReferenceOutputAssembly="false"), so it is found where the host's build put it.
            var output = Path.Combine(directory.FullName, "src", AssemblyName, "bin", configuration, tfm);
            string[] required = [AssemblyName + ".dll", "host.json", "functions.metadata"];
            var missing = required.Where(f => !File.Exists(Path.Combine(output, f))).ToList();
            return missing.Count == 0
                ? output
                : throw new InvalidOperationException(
                    $"The standalone host's {configuration} build output is incomplete: {string.Join(", ", missing)} missing in '{output}'. " +
                    $"Build it with `dotnet build src/{AssemblyName} -c {configuration}` (building this test project does so).");
        }

        throw new InvalidOperationException($"Could not find {SolutionFileName} above the test output '{AppContext.BaseDirectory}'.");
    }
}
