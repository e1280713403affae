using Microsoft.DurableTask;
using CoreFailureDetails = DurableTask.Core.FailureDetails;

namespace IkmaWorkflow.FunctionApp.Functions.DurableManagement;

/// <summary>Why an instance, a task or a sub-orchestration failed, as the status shows it.</summary>
/// <param name="ErrorType">The exception's type name.</param>
/// <param name="ErrorMessage">Its message.</param>
/// <param name="StackTrace">Its stack trace, for operators.</param>
/// <param name="InnerFailure">The failure that caused it.</param>
public sealed record FailureView(string ErrorType, string ErrorMessage, string? StackTrace, FailureView? InnerFailure)
{
    /// <summary>Renders the client's failure details of an instance.</summary>
    public static FailureView? From(TaskFailureDetails? failure) =>
        failure is null ? null : new FailureView(failure.ErrorType, failure.ErrorMessage, failure.StackTrace, From(failure.InnerFailure));

    /// <summary>Renders the failure details of a history event.</summary>
    public static FailureView? From(CoreFailureDetails? failure) =>
        failure is null ? null : new FailureView(failure.ErrorType, failure.ErrorMessage, failure.StackTrace, From(failure.InnerFailure));
}
