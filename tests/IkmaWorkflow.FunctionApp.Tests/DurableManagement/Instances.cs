using Microsoft.DurableTask.Client;

namespace IkmaWorkflow.FunctionApp.Tests.DurableManagement;

/// <summary>Waits on an instance's observable state, through the client, failing the test after a timeout.</summary>
internal static class Instances
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Until the instance has started (it is no longer Pending).</summary>
    public static async Task<OrchestrationMetadata> StartedAsync(DurableTaskClient client, string instanceId)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        return await client.WaitForInstanceStartAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
    }

    /// <summary>Until the instance has finished (Completed, Failed or Terminated).</summary>
    public static async Task<OrchestrationMetadata> FinishedAsync(DurableTaskClient client, string instanceId)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        return await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
    }

    /// <summary>Until the instance reports <paramref name="status"/>, which the client has no wait for (Suspended, Running again).</summary>
    public static async Task<OrchestrationMetadata> InStatusAsync(DurableTaskClient client, string instanceId, OrchestrationRuntimeStatus status)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
            if (instance?.RuntimeStatus == status)
            {
                return instance;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Instance {instanceId} did not reach {status} within {Timeout.TotalSeconds} s; it is {instance?.RuntimeStatus.ToString() ?? "missing"}.");
            await Task.Delay(50);
        }
    }
}
