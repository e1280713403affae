using System.Reflection;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.FunctionApp.Tests;

/// <summary>Where the function app's build output is, and the settings the tests start it with.</summary>
internal static class FunctionAppBuild
{
    public const string AssemblyName = "IkmaWorkflow.FunctionApp";

    private const string SolutionFileName = "IkmaWorkflow.sln";

    private static readonly Lazy<string> LazyRepositoryRoot = new(FindRepositoryRoot);
    private static readonly Lazy<string> LazyOutputDirectory = new(FindOutputDirectory);

    /// <summary>The folder holding <c>IkmaWorkflow.sln</c>.</summary>
    public static string RepositoryRoot => LazyRepositoryRoot.Value;

    /// <summary>
    /// The app's build output, a function app root: <c>src/IkmaWorkflow.FunctionApp/bin/&lt;Configuration&gt;/&lt;tfm&gt;/</c>
    /// for this test assembly's own configuration and target framework, which the project reference built.
    /// </summary>
    public static string OutputDirectory => LazyOutputDirectory.Value;

    /// <summary>The app's main assembly, run with <c>dotnet</c>.</summary>
    public static string AssemblyPath => Path.Combine(OutputDirectory, AssemblyName + ".dll");

    /// <summary>The app's project file.</summary>
    public static string ProjectPath => Path.Combine(RepositoryRoot, "src", AssemblyName, AssemblyName + ".csproj");

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

    /// <summary>The settings of a standalone run on <paramref name="httpPort"/>.</summary>
    public static Dictionary<string, string> StandaloneSettings(string storage, int httpPort) => new()
    {
        ["AzureWebJobsStorage"] = storage,
        ["FUNCTIONS_WORKER_RUNTIME"] = "custom",
        ["Standalone__HttpPort"] = httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// The settings the Functions host gives a custom handler it starts on <paramref name="port"/>. The standalone
    /// port is set too, to a free port of its own, so a test can tell that host mode ignores it.
    /// </summary>
    public static Dictionary<string, string> HostSettings(string storage, int port, int standalonePort) => new()
    {
        ["AzureWebJobsStorage"] = storage,
        ["FUNCTIONS_WORKER_RUNTIME"] = "custom",
        ["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Standalone__HttpPort"] = standalonePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The function folders of an app root: its immediate subfolders holding a <c>function.json</c>, as the host reads them.</summary>
    public static IReadOnlyList<string> FunctionDirectories(string appRoot) =>
        [.. Directory.EnumerateDirectories(appRoot)
            .Where(d => File.Exists(Path.Combine(d, "function.json")))
            .Order(StringComparer.Ordinal)];

    /// <summary>The trigger binding (the one whose type ends in <c>Trigger</c>) of the function in <paramref name="directory"/>.</summary>
    public static JsonObject Trigger(string directory)
    {
        var file = Path.Combine(directory, "function.json");
        var bindings = JsonNode.Parse(File.ReadAllText(file))?["bindings"]?.AsArray() ?? [];
        return bindings.OfType<JsonObject>().FirstOrDefault(b => b["type"]?.GetValue<string>().EndsWith("Trigger", StringComparison.OrdinalIgnoreCase) == true)
            ?? throw new InvalidOperationException($"{file} has no trigger binding.");
    }

    /// <summary>Whether <paramref name="trigger"/> is of <paramref name="type"/>, such as <c>httpTrigger</c>.</summary>
    public static bool IsType(JsonObject trigger, string type) =>
        string.Equals(trigger["type"]?.GetValue<string>(), type, StringComparison.OrdinalIgnoreCase);

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Could not find {SolutionFileName} above the test output '{AppContext.BaseDirectory}'.");
    }

    private static string FindOutputDirectory()
    {
        // The project reference builds the app with this assembly's configuration and target framework; its output
        // is not copied here (ReferenceOutputAssembly="false"), so it is found where the app's own build put it.
        var assembly = typeof(FunctionAppBuild).Assembly;
        var configuration = assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration
            ?? throw new InvalidOperationException("The test assembly has no AssemblyConfigurationAttribute to tell its build configuration.");
        var framework = new FrameworkName(assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName
            ?? throw new InvalidOperationException("The test assembly has no TargetFrameworkAttribute."));
        var tfm = $"net{framework.Version.Major}.{framework.Version.Minor}";

        var directory = Path.Combine(RepositoryRoot, "src", AssemblyName, "bin", configuration, tfm);
        string[] required = [AssemblyName + ".dll", "host.json"];
        var missing = required.Where(f => !File.Exists(Path.Combine(directory, f))).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"The function app's {configuration} build output is incomplete: {string.Join(", ", missing)} missing in '{directory}'. " +
                $"Build it with `dotnet build {Path.Combine("src", AssemblyName)} -c {configuration}` (building this test project does so).");
        }

        return directory;
    }
}
