using Azure;
using IkmaWorkflow.FunctionApp.Api;

namespace IkmaWorkflow.FunctionApp.Tests.Api;

/// <summary>Which exceptions of the storage clients are answered 503 "storage unavailable" rather than 500.</summary>
public sealed class StorageFailureTests
{
    public static TheoryData<string, Exception, bool> Failures => new()
    {
        { "no connection", new RequestFailedException("Connection refused"), true },
        { "server error", new RequestFailedException(503, "Server busy"), true },
        { "network timeout", new TaskCanceledException("The operation was cancelled because it exceeded the configured timeout of 0:00:10."), true },
        { "network timeout with its cause", new TaskCanceledException("timeout", new TimeoutException()), true },
        { "every retry timed out", new AggregateException(new TaskCanceledException("first"), new TaskCanceledException("second"), new TaskCanceledException("third")), true },
        { "retries refused and timed out", new AggregateException(new RequestFailedException("Connection refused"), new TaskCanceledException("timeout")), true },
        { "bad request", new RequestFailedException(400, "Bad request"), false },
        { "conflict", new RequestFailedException(409, "Conflict"), false },
        { "a bug", new InvalidOperationException("bug"), false },
        { "a bug among timeouts", new AggregateException(new TaskCanceledException("timeout"), new InvalidOperationException("bug")), false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void IsStorageUnavailable_ExceptionOfTheStorageClient_503OnlyForOutagesAndTimeouts(string what, Exception exception, bool unavailable)
    {
        Assert.True(ApiCalls.IsStorageUnavailable(exception) == unavailable, $"{what}: expected {(unavailable ? "503" : "not 503")} for {exception.GetType().Name}.");
    }
}
