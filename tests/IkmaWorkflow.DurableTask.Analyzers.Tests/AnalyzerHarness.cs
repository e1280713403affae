using System.Collections.Immutable;
using System.Globalization;
using IkmaWorkflow.DurableTask.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace IkmaWorkflow.DurableTask.Analyzers.Tests;

/// <summary>One diagnostic the analyzer reported: its id, 1-based line and column, the source it covers and its message.</summary>
internal sealed record Reported(string Id, int Line, int Column, string Text, string Message);

/// <summary>
/// Compiles a C# snippet in memory and runs <see cref="OrchestratorDeterminismAnalyzer"/> on it, without the
/// Microsoft.CodeAnalysis.Testing packages.
/// </summary>
/// <remarks>
/// The snippet is compiled against the trusted platform assemblies of this test run: the .NET runtime, ASP.NET Core
/// and every assembly the test project depends on, IkmaWorkflow.DurableTask and the Azure SDK included. A snippet
/// that does not compile fails the test, so a typo cannot pass as "no diagnostics".
/// </remarks>
internal static class AnalyzerHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);

    /// <summary>The analyzer's diagnostics on <paramref name="source"/>, in source order.</summary>
    public static async Task<IReadOnlyList<Reported>> AnalyzeAsync(string source)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: "Snippet.cs");
        var compilation = CSharpCompilation.Create(
            "Snippet",
            [tree],
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "The snippet does not compile:\n" + string.Join("\n", errors));

        var exceptions = new List<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]),
            (exception, _, _) =>
            {
                lock (exceptions)
                {
                    exceptions.Add(exception);
                }
            },
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation
            .WithAnalyzers([new OrchestratorDeterminismAnalyzer()], options)
            .GetAnalyzerDiagnosticsAsync();
        Assert.Empty(exceptions);

        return diagnostics
            .Select(d =>
            {
                var position = d.Location.GetLineSpan().StartLinePosition;
                return new Reported(
                    d.Id,
                    position.Line + 1,
                    position.Character + 1,
                    d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan),
                    d.GetMessage(CultureInfo.InvariantCulture));
            })
            .OrderBy(r => r.Line)
            .ThenBy(r => r.Column)
            .ToList();
    }

    /// <summary>The analyzer's diagnostics on <paramref name="source"/> as (id, line) pairs, in source order.</summary>
    public static async Task<IReadOnlyList<(string Id, int Line)>> IdsAndLinesAsync(string source) =>
        (await AnalyzeAsync(source)).Select(r => (r.Id, r.Line)).ToList();

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var trusted = (string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")
            ?? throw new InvalidOperationException("The runtime lists no trusted platform assemblies.");
        return
        [
            .. trusted
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Append(typeof(TaskOrchestrator<,>).Assembly.Location)
                .Distinct(StringComparer.Ordinal)
                .Select(path => MetadataReference.CreateFromFile(path)),
        ];
    }
}
