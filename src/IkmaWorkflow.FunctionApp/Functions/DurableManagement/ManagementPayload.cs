namespace IkmaWorkflow.FunctionApp.Functions.DurableManagement;

/// <summary>
/// The URIs that manage one orchestration instance, as Durable Functions' <c>CreateCheckStatusResponse</c> gives them.
/// Placeholders in braces (<c>{eventName}</c>, <c>{text}</c>) are for the caller to fill in. The URIs carry no key:
/// each request needs the operator key header.
/// </summary>
/// <param name="Id">The instance id.</param>
/// <param name="StatusQueryGetUri">GET: the instance's status.</param>
/// <param name="SendEventPostUri">POST: raises event <c>{eventName}</c> with the JSON body as its payload.</param>
/// <param name="TerminatePostUri">POST: terminates the instance with reason <c>{text}</c>.</param>
/// <param name="SuspendPostUri">POST: suspends the instance with reason <c>{text}</c>.</param>
/// <param name="ResumePostUri">POST: resumes the instance with reason <c>{text}</c>.</param>
/// <param name="PurgeHistoryDeleteUri">DELETE: deletes the instance's state and history.</param>
public sealed record ManagementPayload(
    string Id,
    string StatusQueryGetUri,
    string SendEventPostUri,
    string TerminatePostUri,
    string SuspendPostUri,
    string ResumePostUri,
    string PurgeHistoryDeleteUri);
