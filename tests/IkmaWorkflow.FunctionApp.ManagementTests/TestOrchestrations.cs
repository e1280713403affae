using System.Text.Json;
using IkmaWorkflow.DurableTask;

namespace IkmaWorkflow.FunctionApp.ManagementTests;

/// <summary>The orchestrators the tests drive through the API.</summary>
internal static class TestOrchestrations
{
    /// <summary>Waits for event <c>approval</c> and returns the request with the decision.</summary>
    public const string Approval = "Approval";

    /// <summary>Calls activity <c>Greet</c> and returns its answer.</summary>
    public const string Greeting = "Greeting";

    /// <summary>Throws at once.</summary>
    public const string Failing = "Failing";

    /// <summary>Waits for event <c>done</c>; only the list tests start it, so listing by its name sees only theirs.</summary>
    public const string ListProbe = "ListProbe";

    public static void Register(DurableTaskRegistry registry)
    {
        registry.AddOrchestratorFunc<ApprovalRequest, ApprovalOutcome>(Approval, async (context, request) =>
        {
            context.SetCustomStatus(new { stage = "waiting" });
            var decision = await context.WaitForExternalEvent<JsonElement>("approval");
            return new ApprovalOutcome(request.Requester, decision);
        });
        registry.AddOrchestratorFunc<string, string>(Greeting, (context, name) => context.CallActivityAsync<string>("Greet", name));
        registry.AddActivityFunc<string, string>("Greet", (_, name) => Task.FromResult($"Halo, {name}!"));
        registry.AddOrchestratorFunc<string?, string>(Failing, (_, _) => Task.FromException<string>(new InvalidOperationException("Data peserta tidak lengkap.")));
        registry.AddOrchestratorFunc<string?, string>(ListProbe, async (context, _) => await context.WaitForExternalEvent<string>("done"));
    }
}

/// <summary>The input of <see cref="TestOrchestrations.Approval"/>.</summary>
internal sealed record ApprovalRequest(string Requester, int Amount);

/// <summary>The output of <see cref="TestOrchestrations.Approval"/>.</summary>
internal sealed record ApprovalOutcome(string Requester, JsonElement Decision);
