using System.Reflection;
using IkmaWorkflow.Standalone.Durable;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IkmaWorkflow.Standalone.Tests.Durable;

/// <summary>Which orchestrator and activity signatures the host runs, and the start-up errors for the others.</summary>
public sealed class DurableFunctionBindingTests
{
    [Theory]
    [InlineData("BadContext", "must be a TaskOrchestrationContext")]
    [InlineData("TwoInputs", "'second' has nothing to bind to")]
    [InlineData("OrchestratorToken", "CancellationToken, which Durable Functions does not bind to orchestrators")]
    [InlineData("NeedsFunctionContext", "FunctionContext")]
    [InlineData("AsyncVoid", "async void")]
    [InlineData("ByRef", "ref, out or in")]
    [InlineData("ContextAsInput", "must be the type of the activity's input")]
    public void Bind_UnsupportedSignature_ThrowsNamingTheFunction(string name, string why)
    {
        var failure = Assert.Throws<FunctionAppConfigurationException>(() => DurableFunctionBinding.Bind(Definition(name)));

        Assert.Equal(name, failure.Key);
        Assert.Contains($"function '{name}' ({typeof(UnsupportedFunctions).FullName}.{name})", failure.Message, StringComparison.Ordinal);
        Assert.Contains(why, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_OrchestratorWithInputParameter_BindsTheOrchestrationInputToIt()
    {
        var binding = DurableFunctionBinding.Bind(Definition("WithInput"));

        Assert.Equal(typeof(int), binding.InputType);
        Assert.Equal(typeof(int), binding.Return.OutputType);
        Assert.Equal([ArgumentSource.OrchestrationContext, ArgumentSource.Input], binding.Sources);
    }

    [Fact]
    public void Bind_ActivityWithTokenAndService_BindsEachParameter()
    {
        var binding = DurableFunctionBinding.Bind(Definition("WithServices"));

        Assert.Equal(typeof(DateOnly), binding.InputType);
        Assert.Equal(typeof(string), binding.Return.OutputType);
        Assert.Equal([ArgumentSource.Input, ArgumentSource.Service, ArgumentSource.CancellationToken], binding.Sources);
    }

    [Fact]
    public void CheckServices_UnregisteredService_ThrowsNamingTheFunctionAndParameter()
    {
        var binding = DurableFunctionBinding.Bind(Definition("UnknownService"));
        var services = new ServiceCollection().BuildServiceProvider();

        var failure = Assert.Throws<FunctionAppConfigurationException>(() => binding.CheckServices(services.GetRequiredService<IServiceProviderIsService>()));

        Assert.Equal("UnknownService", failure.Key);
        Assert.Contains("'formats' is a System.IFormatProvider, which is not a registered service", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ActivityServiceNotRegistered_FailsNamingTheFunction()
    {
        // The test catalog's DurableGreet takes an AttemptCounter, deliberately not registered here. The check runs
        // before any storage call, so the connection string is never used.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([new("AzureWebJobsStorage", "UseDevelopmentStorage=true")]);
        builder.Services.AddStandaloneDurableTask(FunctionCatalog.FromAssembly(typeof(DurableTestHost).Assembly), builder.Configuration, new DurableHostSettings());
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<FunctionAppConfigurationException>(() => host.StartAsync());

        Assert.Equal("DurableGreet", failure.Key);
        Assert.Contains("AttemptCounter", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddStandaloneDurableTask_NoConnectionString_ThrowsNamingTheSetting()
    {
        var configuration = new ConfigurationBuilder().Build();

        var failure = Assert.Throws<FunctionAppConfigurationException>(() => new ServiceCollection().AddStandaloneDurableTask(
            FunctionCatalog.FromAssembly(typeof(DurableTestHost).Assembly), configuration, new DurableHostSettings()));

        Assert.Equal("AzureWebJobsStorage", failure.Key);
    }

    [Fact]
    public void AddStandaloneDurableTask_InvalidSettings_ThrowsNamingTheKey()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("AzureWebJobsStorage", "UseDevelopmentStorage=true")]).Build();

        var failure = Assert.Throws<FunctionAppConfigurationException>(() => new ServiceCollection().AddStandaloneDurableTask(
            FunctionCatalog.FromAssembly(typeof(DurableTestHost).Assembly), configuration, new DurableHostSettings { PartitionCount = 0 }));

        Assert.Equal("extensions.durableTask.storageProvider.partitionCount", failure.Key);
    }

    private static FunctionDefinition Definition(string name)
    {
        var method = typeof(UnsupportedFunctions).GetMethod(name, BindingFlags.Public | BindingFlags.Static)!;
        foreach (var parameter in method.GetParameters())
        {
            if (parameter.GetCustomAttribute<OrchestrationTriggerAttribute>() is { } orchestration)
            {
                return new FunctionDefinition(name, method, TriggerKind.Orchestration, parameter, orchestration);
            }

            if (parameter.GetCustomAttribute<ActivityTriggerAttribute>() is { } activity)
            {
                return new FunctionDefinition(name, method, TriggerKind.Activity, parameter, activity);
            }
        }

        throw new InvalidOperationException($"{name} has no trigger.");
    }
}
