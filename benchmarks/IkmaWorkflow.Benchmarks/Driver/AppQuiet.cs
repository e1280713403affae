using System.Text.Json;
using Azure;
using IkmaWorkflow.Benchmarks.Hosting;
using IkmaWorkflow.FunctionApp.Functions.Notifications;
using IkmaWorkflow.Programmes.Orchestrations;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.Benchmarks.Driver;

/// <summary>
/// Waits until the work a setup left behind is done, so that a measurement that follows measures itself: every
/// programme's orchestration has reacted to its last stage change, and the email outbox queue is empty.
/// </summary>
internal static class AppQuiet
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    /// <summary>Waits until each of <paramref name="programmeIds"/> shows <paramref name="stage"/> in its orchestration's status and no email is queued.</summary>
    /// <exception cref="BenchmarkException">Not within three minutes.</exception>
    public static async Task WaitAsync(BenchmarkApp app, IReadOnlyCollection<string> programmeIds, string stage, CancellationToken cancellationToken)
    {
        var outbox = AzuriteClients.Queues(app.ConnectionString).GetQueueClient(NotificationFunctions.OutboxQueue);
        var deadline = DateTime.UtcNow + Limit;
        var waiting = programmeIds.ToHashSet(StringComparer.Ordinal);
        while (true)
        {
            foreach (var id in waiting.ToList())
            {
                var instance = await app.Durable.GetInstanceAsync(ProgrammeSignals.InstanceIdOf(id), getInputsAndOutputs: true, cancellationToken);
                if (StageOf(instance?.SerializedCustomStatus) == stage)
                {
                    waiting.Remove(id);
                }
            }

            if (waiting.Count == 0 && await QueuedAsync(outbox, cancellationToken) == 0)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new BenchmarkException($"The app did not settle within {Limit.TotalMinutes:0} minutes: {waiting.Count} programme orchestrations not yet at {stage}, or emails still queued.");
            }

            await Task.Delay(Poll, cancellationToken);
        }
    }

    private static async Task<int> QueuedAsync(Azure.Storage.Queues.QueueClient outbox, CancellationToken cancellationToken)
    {
        try
        {
            return (await outbox.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return 0;
        }
    }

    // The custom status's stage, whatever the casing of its member names.
    private static string? StageOf(string? customStatus)
    {
        if (customStatus is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(customStatus);
        if (document.RootElement.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name.Equals("stage", StringComparison.OrdinalIgnoreCase))
                {
                    return property.Value.ToString();
                }
            }
        }

        return null;
    }
}
