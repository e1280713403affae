using System.Globalization;
using System.Text;

namespace IkmaWorkflow.DurableTask.ProcessHost;

/// <summary>
/// What this process did, one tab-separated line per fact in <c>{DataDirectory}/{processId}.log</c>, for the tests to
/// read after the process is gone. Every line is flushed to the operating system as it is written, so a killed
/// process leaves everything it recorded before the kill.
/// </summary>
/// <remarks>
/// Lines: <c>started {key} {activity}</c> and <c>finished {key} {activity}</c> around an activity's work (the key is
/// its idempotency key); <c>committed {instanceId} {status}</c> after an episode's commit; <c>conflict {instanceId}</c>
/// when another writer committed first; <c>crash {checkpoint} {hit}</c> just before the process kills itself.
/// </remarks>
internal sealed class WorkLog : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly Lock _lock = new();

    public WorkLog(string directory)
    {
        var path = Path.Combine(directory, Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".log");
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
    }

    public void ActivityStarted(TaskActivityContext context) => Write("started", context.IdempotencyKey, context.Name.Name);

    public void ActivityFinished(TaskActivityContext context) => Write("finished", context.IdempotencyKey, context.Name.Name);

    public void Committed(string instanceId, string status) => Write("committed", instanceId, status);

    public void Conflict(string instanceId) => Write("conflict", instanceId);

    public void Crashing(string checkpoint, int hit) => Write("crash", checkpoint, hit.ToString(CultureInfo.InvariantCulture));

    public void Dispose() => _writer.Dispose();

    private void Write(params string[] fields)
    {
        lock (_lock)
        {
            _writer.WriteLine(string.Join('\t', fields));
        }
    }
}
