using System.Reflection;
using System.Runtime.Versioning;

namespace IkmaWorkflow.DurableTask.ProcessTests;

/// <summary>Where the test host's build output is: its project reference builds it with this assembly's configuration.</summary>
internal static class ProcessHostBuild
{
    public const string AssemblyName = "IkmaWorkflow.DurableTask.ProcessHost";

    private const string SolutionFileName = "IkmaWorkflow.sln";

    private static readonly Lazy<string> LazyAssemblyPath = new(Find);

    /// <summary>The host's main assembly, run with <c>dotnet</c>.</summary>
    public static string AssemblyPath => LazyAssemblyPath.Value;

    private static string Find()
    {
        var assembly = typeof(ProcessHostBuild).Assembly;
        var configuration = assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration
            ?? throw new InvalidOperationException("The test assembly has no AssemblyConfigurationAttribute to tell its build configuration.");
        var framework = new FrameworkName(assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName
            ?? throw new InvalidOperationException("The test assembly has no TargetFrameworkAttribute."));
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (!File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
            {
                continue;
            }

            var path = Path.Combine(directory.FullName, "tests", AssemblyName, "bin", configuration, $"net{framework.Version.Major}.{framework.Version.Minor}", AssemblyName + ".dll");
            return File.Exists(path)
                ? path
                : throw new InvalidOperationException($"The test host is not built: '{path}' is missing. Build it with `dotnet build tests/{AssemblyName} -c {configuration}` (building this test project does so).");
        }

        throw new InvalidOperationException($"Could not find {SolutionFileName} above the test output '{AppContext.BaseDirectory}'.");
    }
}
