using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Standalone.Tests;

/// <summary>Keeps every line a test app logs, at every level, for tests that wait on or check a log event.</summary>
internal sealed class CollectingLoggerProvider(ConcurrentQueue<LogLine> lines) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new CollectingLogger(lines, categoryName);

    public void Dispose()
    {
    }

    private sealed class CollectingLogger(ConcurrentQueue<LogLine> lines, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(new LogLine(logLevel, category, eventId.Id, formatter(state, exception), exception));
    }
}
