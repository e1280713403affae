using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.FunctionApp.Tests.DurableManagement;

/// <summary>A logger that keeps what was logged, for checking the API's event ids.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<(EventId Id, LogLevel Level, string Message)> _entries = new();

    public IReadOnlyList<(EventId Id, LogLevel Level, string Message)> Entries => [.. _entries];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        _entries.Enqueue((eventId, logLevel, formatter(state, exception)));
    }

    /// <summary>The messages logged with event <paramref name="id"/>.</summary>
    public IReadOnlyList<string> Messages(int id) => [.. _entries.Where(e => e.Id.Id == id).Select(e => e.Message)];
}
