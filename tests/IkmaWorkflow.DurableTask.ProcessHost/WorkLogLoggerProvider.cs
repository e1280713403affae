using IkmaWorkflow.DurableTask.Worker;

namespace IkmaWorkflow.DurableTask.ProcessHost;

/// <summary>
/// Turns the worker's commit and conflict log events into <see cref="WorkLog"/> lines, so a test can tell which
/// process ran which instance's episodes. It reads the events by their stable ids and structured values.
/// </summary>
internal sealed class WorkLogLoggerProvider(WorkLog log) : ILoggerProvider
{
    /// <summary>The worker's log category.</summary>
    public static readonly string WorkerCategory = typeof(DurableTaskWorker).FullName!;

    private const int CommittedEventId = 500;
    private const int ConflictEventId = 501;

    public ILogger CreateLogger(string categoryName) =>
        categoryName == WorkerCategory ? new WorkerLogger(log) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class WorkerLogger(WorkLog log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id is not (CommittedEventId or ConflictEventId) || state is not IReadOnlyList<KeyValuePair<string, object?>> values)
            {
                return;
            }

            var instanceId = Value(values, "InstanceId");
            if (eventId.Id == CommittedEventId)
            {
                log.Committed(instanceId, Value(values, "Status"));
            }
            else
            {
                log.Conflict(instanceId);
            }
        }

        private static string Value(IReadOnlyList<KeyValuePair<string, object?>> values, string name) =>
            values.FirstOrDefault(v => v.Key == name).Value?.ToString() ?? "?";
    }
}
