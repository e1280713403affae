using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Standalone.Tests.Durable;

/// <summary>
/// Writes every log line of the test hosts to the file named by the environment variable
/// <c>IKMA_DURABLE_TEST_LOG</c>, for diagnosing a failing test; does nothing when it is unset.
/// </summary>
internal sealed class TestLogFile : ILoggerProvider
{
    private const string Variable = "IKMA_DURABLE_TEST_LOG";
    private static readonly Lock FileLock = new();

    private readonly string _path;
    private readonly string _host;

    private TestLogFile(string path, string host)
    {
        _path = path;
        _host = host;
    }

    /// <summary>A provider for <paramref name="host"/>, or null when the variable is unset.</summary>
    public static TestLogFile? For(string host) =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? new TestLogFile(path, host) : null;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Write(string category, LogLevel level, EventId eventId, string message, Exception? exception)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:HH:mm:ss.fff} [{_host}] {level} {category}[{eventId.Id}] {message}{(exception is null ? string.Empty : Environment.NewLine + exception)}{Environment.NewLine}");
        lock (FileLock)
        {
            File.AppendAllText(_path, line);
        }
    }

    private sealed class Logger(TestLogFile file, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            file.Write(category, logLevel, eventId, formatter(state, exception), exception);
    }
}
