using System.Reflection;
using System.Runtime.Versioning;

namespace IkmaWorkflow.FunctionApp.Tests;

/// <summary>Where the function app's project and build output are.</summary>
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
        // The project reference builds the app with this assembly's configuration and target framework; its own
        // output folder is the function app root the SDK generated functions.metadata into.
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
