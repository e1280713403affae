using System.Text.Json;
using IkmaWorkflow.FunctionApp.Functions.DurableManagement;
using Microsoft.DurableTask;

namespace IkmaWorkflow.FunctionApp.Tests.DurableManagement;

/// <summary>
/// The orchestrators the tests drive through the API. Inputs and outputs go through the client's default
/// JsonDataConverter, whose property names are as declared (PascalCase) and matched with case.
/// </summary>
internal static class TestOrchestrations
{
    /// <summary>Sets a custom status, waits for event <c>approval</c> and returns the request with the decision.</summary>
    public const string Approval = "Approval";

    /// <summary>Calls activity <c>Greet</c> and returns its answer.</summary>
    public const string Greeting = "Greeting";

    /// <summary>Throws at once.</summary>
    public const string Failing = "Failing";

    /// <summary>Waits for event <c>done</c>; only the list tests start it, so listing by its name sees only theirs.</summary>
    public const string ListProbe = "ListProbe";

    /// <summary>What <c>DurableStart</c> may start in these tests.</summary>
    public static OrchestratorNames Names { get; } = OrchestratorNames.Of(Approval, Greeting, Failing, ListProbe);

    public static void Register(DurableTaskRegistry registry)
    {
        registry.AddOrchestratorFunc<ApprovalRequest, ApprovalOutcome>(Approval, async (context, request) =>
        {
            context.SetCustomStatus(new { stage = "waiting" });
            var decision = await context.WaitForExternalEvent<JsonElement>("approval");
            return new ApprovalOutcome(request.Requester, decision);
        });
        registry.AddOrchestratorFunc<string, string>(Greeting, (context, name) => context.CallActivityAsync<string>("Greet", name));
        registry.AddActivityFunc<string, string>("Greet", (_, name) => $"Halo, {name}!");
        registry.AddOrchestratorFunc<string?, string>(Failing, (_, _) => Task.FromException<string>(new InvalidOperationException("Data peserta tidak lengkap.")));
        registry.AddOrchestratorFunc<string?, string>(ListProbe, async (context, _) => await context.WaitForExternalEvent<string>("done"));
    }
}
