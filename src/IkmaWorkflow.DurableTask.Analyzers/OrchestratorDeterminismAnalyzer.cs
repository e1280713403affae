using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace IkmaWorkflow.DurableTask.Analyzers;

/// <summary>
/// Reports, as errors, calls in orchestrator code that would make a replay differ from the first run: the wall clock
/// (IKDT001), randomness (IKDT002), threads and real delays (IKDT003) and I/O (IKDT004).
/// </summary>
/// <remarks>
/// <para>Orchestrator code is:</para>
/// <list type="bullet">
/// <item><description>every member body (methods, accessors, constructors, field and property initializers, and the
/// lambdas and local functions in them) of a class deriving, directly or not, from
/// <c>IkmaWorkflow.DurableTask.TaskOrchestrator&lt;TInput, TOutput&gt;</c>; nested types are judged on their own;</description></item>
/// <item><description>a lambda passed as the <c>orchestrator</c> argument of <c>DurableTaskRegistry.AddOrchestratorFunc</c>,
/// with everything nested in it;</description></item>
/// <item><description>the body of a method or local function passed there as a method group, with everything nested
/// in it. Its registration may be in another file, so these uses are reported when the whole compilation has been
/// seen.</description></item>
/// </list>
/// <para>Code that orchestrator code merely calls (a helper in another class) is not checked.</para>
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class OrchestratorDeterminismAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DeterminismRules.WallClock,
        DeterminismRules.Randomness,
        DeterminismRules.Threading,
        DeterminismRules.InputOutput);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        // Generated code cannot be fixed by its reader, so it is neither analyzed nor reported on.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            if (OrchestratorScope.Create(start.Compilation) is not { } scope)
            {
                return;
            }

            var run = new CompilationRun(scope, new BannedApiCatalog(start.Compilation));
            start.RegisterOperationAction(
                run.AnalyzeUse,
                OperationKind.Invocation,
                OperationKind.ObjectCreation,
                OperationKind.PropertyReference,
                OperationKind.FieldReference,
                OperationKind.EventReference,
                OperationKind.MethodReference);
            start.RegisterOperationAction(run.RecordRegistration, OperationKind.Invocation);
            start.RegisterCompilationEndAction(run.ReportMethodGroupOrchestrators);
        });
    }

    /// <summary>The state of the analysis of one compilation.</summary>
    private sealed class CompilationRun
    {
        private readonly OrchestratorScope _scope;
        private readonly BannedApiCatalog _catalog;

        // Methods and local functions passed to AddOrchestratorFunc as method groups.
        private readonly ConcurrentDictionary<IMethodSymbol, byte> _methodGroupOrchestrators = new(SymbolEqualityComparer.Default);

        // Banned uses inside methods shaped like orchestrator functions, kept until the end of the compilation
        // shows whether any of those methods was registered as one.
        private readonly ConcurrentBag<PendingUse> _pendingUses = [];

        public CompilationRun(OrchestratorScope scope, BannedApiCatalog catalog)
        {
            _scope = scope;
            _catalog = catalog;
        }

        public void AnalyzeUse(OperationAnalysisContext context)
        {
            var operation = context.Operation;
            if (_catalog.Classify(operation) is not { } finding)
            {
                return;
            }

            // One walk up the operation tree answers three questions: is the use only named (nameof), is it in
            // a lambda passed as AddOrchestratorFunc's orchestrator, and which local functions enclose it.
            var inFunction = false;
            var inRegisteredLambda = false;
            var enclosingMethods = ImmutableArray.CreateBuilder<IMethodSymbol>();
            for (var parent = operation.Parent; parent is not null && !inRegisteredLambda; parent = parent.Parent)
            {
                switch (parent)
                {
                    case INameOfOperation:
                        return;
                    case IAnonymousFunctionOperation:
                        inFunction = true;
                        break;
                    case ILocalFunctionOperation localFunction:
                        enclosingMethods.Add(OrchestratorScope.Definition(localFunction.Symbol));
                        break;
                    case IArgumentOperation argument when inFunction && _scope.IsOrchestratorParameter(argument.Parameter):
                        inRegisteredLambda = true;
                        break;
                }
            }

            var member = context.ContainingSymbol;
            var diagnostic = Diagnostic.Create(finding.Rule, LocationOf(operation), finding.Api, finding.Advice);
            if (inRegisteredLambda || _scope.IsOrchestratorClass(member as INamedTypeSymbol ?? member.ContainingType))
            {
                context.ReportDiagnostic(diagnostic);
                return;
            }

            if (member is IMethodSymbol method)
            {
                enclosingMethods.Add(OrchestratorScope.Definition(method));
            }

            if (enclosingMethods.Any(_scope.HasOrchestratorShape))
            {
                _pendingUses.Add(new PendingUse(diagnostic, enclosingMethods.ToImmutable()));
            }
        }

        public void RecordRegistration(OperationAnalysisContext context)
        {
            if (_scope.GetRegisteredMethodGroup((IInvocationOperation)context.Operation) is { } method)
            {
                _methodGroupOrchestrators.TryAdd(method, 0);
            }
        }

        public void ReportMethodGroupOrchestrators(CompilationAnalysisContext context)
        {
            foreach (var use in _pendingUses)
            {
                if (use.EnclosingMethods.Any(_methodGroupOrchestrators.ContainsKey))
                {
                    context.ReportDiagnostic(use.Diagnostic);
                }
            }
        }

        // A call on an instance is reported from the member name on (".ConfigureAwait(false)" on the line it is
        // written, not on the line a long fluent chain starts); anything else as a whole ("DateTime.UtcNow").
        private static Location LocationOf(IOperation operation)
        {
            if (operation is IInvocationOperation { TargetMethod: var method }
                && (!method.IsStatic || method.IsExtensionMethod)
                && operation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation)
            {
                return Location.Create(invocation.SyntaxTree, TextSpan.FromBounds(access.Name.SpanStart, invocation.Span.End));
            }

            return operation.Syntax.GetLocation();
        }
    }

    /// <summary>A banned use to report if one of <see cref="EnclosingMethods"/> turns out to be a registered orchestrator.</summary>
    private sealed class PendingUse
    {
        public PendingUse(Diagnostic diagnostic, ImmutableArray<IMethodSymbol> enclosingMethods)
        {
            Diagnostic = diagnostic;
            EnclosingMethods = enclosingMethods;
        }

        public Diagnostic Diagnostic { get; }

        public ImmutableArray<IMethodSymbol> EnclosingMethods { get; }
    }
}
