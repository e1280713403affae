using IkmaWorkflow.Standalone.Tests.TestFunctions;

namespace IkmaWorkflow.Standalone.Tests.Invocation;

/// <summary>A function the standalone host cannot run stops the app at start-up, naming the function and what to change.</summary>
public sealed class FunctionBindingErrorTests
{
    [Fact]
    public async Task Start_FunctionContextParameter_RefusedNamingFunctionAndParameter()
    {
        var error = await StandaloneApp.StartupErrorAsync([typeof(ContextParameterFunction)]);

        Assert.Equal("WithContext", error.Key);
        Assert.Contains("parameter 'context' (FunctionContext) cannot be bound", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ParameterWithoutRouteValue_RefusedNamingIt()
    {
        var error = await StandaloneApp.StartupErrorAsync([typeof(UnknownRouteValueFunction)]);

        Assert.Equal("UnknownRouteValue", error.Key);
        Assert.Contains("parameter 'thingId' (Int32)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_RouteValueOfUnconvertibleType_RefusedNamingIt()
    {
        var error = await StandaloneApp.StartupErrorAsync([typeof(UnsupportedRouteTypeFunction)]);

        Assert.Equal("UnsupportedRouteType", error.Key);
        Assert.Contains("parameter 'wait' takes route value {wait} as a TimeSpan", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_HttpFunctionReturningText_RefusedNamingTheReturnType()
    {
        var error = await StandaloneApp.StartupErrorAsync([typeof(TextResultFunction)]);

        Assert.Equal("TextResult", error.Key);
        Assert.Contains("it returns Task<String>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_QueueTriggerAsNumber_RefusedNamingTheTriggerParameter()
    {
        var error = await StandaloneApp.StartupErrorAsync([typeof(NumberQueueFunction)]);

        Assert.Equal("NumberQueue", error.Key);
        Assert.Contains("[QueueTrigger] parameter 'message' has type Int32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_OutputBinding_RefusedNamingIt()
    {
        var error = await StandaloneApp.StartupErrorAsync([typeof(OutputBindingFunction)]);

        Assert.Equal("Forward", error.Key);
        Assert.Contains("[QueueOutput]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_QueueOnOtherConnection_RefusedNamingIt()
    {
        var error = await StandaloneApp.StartupErrorAsync([typeof(OtherConnectionFunction)]);

        Assert.Equal("OtherAccount", error.Key);
        Assert.Contains("\"PartnerStorage\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Map_TaskClientParameterWithoutClientRegistered_RefusedNamingTheFunction()
    {
        var error = await StandaloneApp.StartupErrorAsync([typeof(ClientFunction)]);

        Assert.Equal("Client", error.Key);
        Assert.Contains("none is registered", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_DisabledFunctionThatCannotBind_StillRefused()
    {
        var error = await StandaloneApp.StartupErrorAsync([typeof(ContextParameterFunction)], new() { ["AzureWebJobs.WithContext.Disabled"] = "true" });

        Assert.Equal("WithContext", error.Key);
    }
}
