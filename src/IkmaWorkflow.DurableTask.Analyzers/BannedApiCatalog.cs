using System;
using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace IkmaWorkflow.DurableTask.Analyzers;

/// <summary>A use of a non-deterministic API: the rule it breaks, the API's name and what to use instead.</summary>
/// <remarks>A class rather than a record: netstandard2.0 lacks the IsExternalInit type records need.</remarks>
internal sealed class Finding
{
    /// <summary>Creates a finding.</summary>
    public Finding(DiagnosticDescriptor rule, string api, string advice)
    {
        Rule = rule;
        Api = api;
        Advice = advice;
    }

    /// <summary>The rule broken.</summary>
    public DiagnosticDescriptor Rule { get; }

    /// <summary>The API as the message names it, such as <c>DateTime.UtcNow</c> or <c>new Random()</c>.</summary>
    public string Api { get; }

    /// <summary>What to use instead.</summary>
    public string Advice { get; }
}

/// <summary>
/// Decides, by symbol, whether an operation uses an API that orchestrator code must not: the wall clock (IKDT001),
/// randomness (IKDT002), threads and real delays (IKDT003) or I/O (IKDT004). One instance serves one compilation.
/// </summary>
/// <remarks>
/// Everything is matched on resolved symbols (the member's containing type and name, or the type's namespace), so
/// aliases, <c>using static</c> and fully qualified names are all seen, and a user type that happens to share a name
/// with a BCL type is not. docs/orchestrator-rules.md lists exactly what each rule covers.
/// </remarks>
internal sealed class BannedApiCatalog
{
    private const string ConsoleAdvice = "log with context.CreateReplaySafeLogger(...), or move it into an activity";
    private const string EnvironmentAdvice = "pass the value in the orchestration input, or read it in an activity";
    private const string ConfigureAwaitAdvice = "remove it so the await resumes on the orchestration's thread";

    private readonly INamedTypeSymbol? _dateTime;
    private readonly INamedTypeSymbol? _dateTimeOffset;
    private readonly INamedTypeSymbol? _environment;
    private readonly INamedTypeSymbol? _stopwatch;
    private readonly INamedTypeSymbol? _timeProvider;
    private readonly INamedTypeSymbol? _guid;
    private readonly INamedTypeSymbol? _random;
    private readonly INamedTypeSymbol? _randomNumberGenerator;
    private readonly INamedTypeSymbol? _task;
    private readonly INamedTypeSymbol? _taskFactory;
    private readonly INamedTypeSymbol? _genericTaskFactory;
    private readonly INamedTypeSymbol? _thread;
    private readonly INamedTypeSymbol? _threadPool;
    private readonly INamedTypeSymbol? _parallel;
    private readonly INamedTypeSymbol? _configureAwaitOptions;
    private readonly INamedTypeSymbol? _console;
    private readonly INamedTypeSymbol? _path;
    private readonly INamedTypeSymbol? _exception;

    // Whether members of a type are I/O is a question about the type alone; the answer is asked for every member
    // access of it, so it is worked out once per type.
    private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _ioTypes = new(SymbolEqualityComparer.Default);

    /// <summary>Resolves the BCL types the rules name; a type the compilation lacks simply never matches.</summary>
    public BannedApiCatalog(Compilation compilation)
    {
        _dateTime = compilation.GetSpecialType(SpecialType.System_DateTime);
        _dateTimeOffset = compilation.GetTypeByMetadataName("System.DateTimeOffset");
        _environment = compilation.GetTypeByMetadataName("System.Environment");
        _stopwatch = compilation.GetTypeByMetadataName("System.Diagnostics.Stopwatch");
        _timeProvider = compilation.GetTypeByMetadataName("System.TimeProvider");
        _guid = compilation.GetTypeByMetadataName("System.Guid");
        _random = compilation.GetTypeByMetadataName("System.Random");
        _randomNumberGenerator = compilation.GetTypeByMetadataName("System.Security.Cryptography.RandomNumberGenerator");
        _task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        _taskFactory = compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskFactory");
        _genericTaskFactory = compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskFactory`1");
        _thread = compilation.GetTypeByMetadataName("System.Threading.Thread");
        _threadPool = compilation.GetTypeByMetadataName("System.Threading.ThreadPool");
        _parallel = compilation.GetTypeByMetadataName("System.Threading.Tasks.Parallel");
        _configureAwaitOptions = compilation.GetTypeByMetadataName("System.Threading.Tasks.ConfigureAwaitOptions");
        _console = compilation.GetTypeByMetadataName("System.Console");
        _path = compilation.GetTypeByMetadataName("System.IO.Path");
        _exception = compilation.GetTypeByMetadataName("System.Exception");
    }

    /// <summary>The banned API <paramref name="operation"/> uses, or <see langword="null"/> when it uses none.</summary>
    /// <param name="operation">An invocation, object creation, or property, field, event or method reference.</param>
    public Finding? Classify(IOperation operation) => operation switch
    {
        IInvocationOperation invocation => ClassifyConfigureAwait(invocation) ?? ClassifyMember(invocation.TargetMethod, isConstruction: false),
        IObjectCreationOperation { Constructor: { } constructor } => ClassifyMember(constructor, isConstruction: true),
        IPropertyReferenceOperation reference => ClassifyMember(reference.Property, isConstruction: false),
        IFieldReferenceOperation reference => ClassifyMember(reference.Field, isConstruction: false),
        IEventReferenceOperation reference => ClassifyMember(reference.Event, isConstruction: false),
        IMethodReferenceOperation reference => ClassifyMember(reference.Method, isConstruction: false),
        _ => null,
    };

    private Finding? ClassifyMember(ISymbol member, bool isConstruction)
    {
        if (member.ContainingType is not { } type)
        {
            return null;
        }

        var name = member.Name;
        var definition = type.OriginalDefinition;

        // IKDT001: the wall clock.
        if ((Is(definition, _dateTime) && member is IPropertySymbol && name is "Now" or "UtcNow" or "Today")
            || (Is(definition, _dateTimeOffset) && member is IPropertySymbol && name is "Now" or "UtcNow")
            || (Is(definition, _environment) && name is "TickCount" or "TickCount64")
            || (Is(definition, _timeProvider) && name == "System")
            || InheritsFrom(definition, _stopwatch))
        {
            return new Finding(DeterminismRules.WallClock, Describe(member, isConstruction), DeterminismRules.WallClockAdvice);
        }

        // IKDT002: randomness. Even a seeded Random is banned: its sequence is not guaranteed across .NET versions,
        // and an orchestration may replay on a newer runtime than it started on.
        if ((Is(definition, _guid) && name is "NewGuid" or "CreateVersion7")
            || (InheritsFrom(definition, _random) && (isConstruction || name == "Shared"))
            || InheritsFrom(definition, _randomNumberGenerator)
            || (Is(definition, _path) && name == "GetRandomFileName"))
        {
            return new Finding(DeterminismRules.Randomness, Describe(member, isConstruction), DeterminismRules.RandomnessAdvice);
        }

        // IKDT003: threads, the thread pool and real delays.
        if ((Is(definition, _task) && name is "Delay" or "Run")
            || ((Is(definition, _taskFactory) || Is(definition, _genericTaskFactory)) && name == "StartNew")
            || (Is(definition, _thread) && (isConstruction || name == "Sleep"))
            || Is(definition, _threadPool)
            || Is(definition, _parallel))
        {
            return new Finding(DeterminismRules.Threading, Describe(member, isConstruction), DeterminismRules.ThreadingAdvice);
        }

        // IKDT004: I/O.
        if (Is(definition, _console))
        {
            return new Finding(DeterminismRules.InputOutput, Describe(member, isConstruction), ConsoleAdvice);
        }

        if (Is(definition, _environment) && name is "GetEnvironmentVariable" or "GetEnvironmentVariables" or "ExpandEnvironmentVariables")
        {
            return new Finding(DeterminismRules.InputOutput, Describe(member, isConstruction), EnvironmentAdvice);
        }

        if (IsIoMember(definition, name))
        {
            return new Finding(DeterminismRules.InputOutput, Describe(member, isConstruction), DeterminismRules.InputOutputAdvice);
        }

        return null;
    }

    // Task(.., T).ConfigureAwait(false), ValueTask's, and IAsyncEnumerable/IAsyncDisposable's extension: all live in
    // System.Threading.Tasks. Only a constant that leaves the orchestration's context is reported; a value known
    // only at run time is not guessed at.
    private Finding? ClassifyConfigureAwait(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.Name != "ConfigureAwait" || method.ContainingNamespace?.ToDisplayString() != "System.Threading.Tasks")
        {
            return null;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is not { } parameter || !argument.Value.ConstantValue.HasValue)
            {
                continue;
            }

            var value = argument.Value.ConstantValue.Value;
            if (parameter.Type.SpecialType == SpecialType.System_Boolean && value is false)
            {
                return new Finding(DeterminismRules.Threading, "ConfigureAwait(false)", ConfigureAwaitAdvice);
            }

            // ConfigureAwaitOptions.ContinueOnCapturedContext is the flag 1; options without it act like false.
            if (Is(parameter.Type, _configureAwaitOptions) && value is not null && (Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) & 1) == 0)
            {
                return new Finding(DeterminismRules.Threading, "ConfigureAwait without ConfigureAwaitOptions.ContinueOnCapturedContext", ConfigureAwaitAdvice);
            }
        }

        return null;
    }

    private bool IsIoMember(INamedTypeSymbol type, string memberName)
    {
        // Path is string arithmetic, except for these members that read the file system or the environment.
        if (Is(type, _path))
        {
            return memberName is "GetTempFileName" or "GetTempPath" or "GetFullPath";
        }

        return _ioTypes.GetOrAdd(type, IsIoType);
    }

    private bool IsIoType(INamedTypeSymbol type)
    {
        // Enum values (FileMode.Open) and exceptions (IOException) do no I/O themselves.
        if (type.TypeKind == TypeKind.Enum || InheritsFrom(type, _exception))
        {
            return false;
        }

        var ns = type.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        if (IsInNamespace(ns, "System.IO"))
        {
            // Types that only work on data already in memory, or on a stream or reader obtained elsewhere (opening a
            // file is what gets reported, as File.Open..., new FileStream(...) and the like).
            return type.Name is not ("MemoryStream" or "StringReader" or "StringWriter" or "Stream" or "TextReader" or "TextWriter" or "BinaryReader" or "BinaryWriter");
        }

        // Azure SDK types live in namespaces under Azure (Azure.Storage.Blobs, Azure.Data.Tables, Azure.Core...).
        // The root Azure namespace holds only values such as Response, ETag and RequestFailedException.
        return IsInNamespace(ns, "System.Net.Http")
            || IsInNamespace(ns, "System.Net.Sockets")
            || IsInNamespace(ns, "System.Data")
            || ns.StartsWith("Azure.", StringComparison.Ordinal);
    }

    private static bool IsInNamespace(string ns, string root) =>
        ns == root || (ns.Length > root.Length && ns[root.Length] == '.' && ns.StartsWith(root, StringComparison.Ordinal));

    private static bool Is(ITypeSymbol type, INamedTypeSymbol? wanted) =>
        wanted is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, wanted);

    private static bool InheritsFrom(INamedTypeSymbol type, INamedTypeSymbol? wanted)
    {
        if (wanted is null)
        {
            return false;
        }

        for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, wanted))
            {
                return true;
            }
        }

        return false;
    }

    // "DateTime.UtcNow", "Guid.NewGuid()", "Task.Delay(...)", "new Random()": the member as a reader would write it.
    private static string Describe(ISymbol member, bool isConstruction)
    {
        var typeName = member.ContainingType?.Name ?? string.Empty;
        if (member is IMethodSymbol method)
        {
            var arguments = method.Parameters.Length == 0 ? "()" : "(...)";
            return isConstruction ? $"new {typeName}{arguments}" : $"{typeName}.{member.Name}{arguments}";
        }

        return $"{typeName}.{member.Name}";
    }
}
