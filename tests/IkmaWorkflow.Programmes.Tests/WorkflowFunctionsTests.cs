using IkmaWorkflow.Programmes.Agreements;
using IkmaWorkflow.Programmes.FollowUps;
using IkmaWorkflow.Programmes.Orchestrations;
using IkmaWorkflow.Programmes.Privacy;
using IkmaWorkflow.Programmes.WakeUps;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IkmaWorkflow.Programmes.Tests;

/// <summary>The catalog the function app exposes, and what the registrations put in DI (and leave out).</summary>
public sealed class WorkflowFunctionsTests
{
    public static TheoryData<string> Orchestrators => [.. WorkflowFunctions.Orchestrators.Select(f => f.Name)];

    public static TheoryData<string> Activities => [.. WorkflowFunctions.Activities.Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(Orchestrators))]
    public void Orchestrators_EachEntry_NamesAClassWhoseRunAsyncTakesTheContextAndTheInput(string name)
    {
        var function = WorkflowFunctions.Orchestrators.Single(f => f.Name == name);

        var run = function.Implementation.GetMethod("RunAsync", [typeof(TaskOrchestrationContext), function.Input]);

        Assert.Equal(name, function.Implementation.Name);
        Assert.NotNull(function.Implementation.GetConstructor(Type.EmptyTypes));
        Assert.Equal(typeof(Task<>).MakeGenericType(function.Output), run?.ReturnType);
    }

    [Theory]
    [MemberData(nameof(Activities))]
    public void Activities_EachEntry_NamesAClassWhoseRunAsyncTakesTheInputAndACancellationToken(string name)
    {
        var function = WorkflowFunctions.Activities.Single(f => f.Name == name);

        var run = function.Implementation.GetMethod("RunAsync", [function.Input, typeof(CancellationToken)]);

        Assert.Equal(name, function.Implementation.Name);
        Assert.Equal(typeof(Task<>).MakeGenericType(function.Output), run?.ReturnType);
    }

    [Fact]
    public void AddProgrammes_Registrations_ActivitiesAndTheCheckButNothingThatNeedsTheDurableClient()
    {
        var builder = Host.CreateApplicationBuilder();

        builder.AddProgrammes().AddFollowUps().AddPrivacy();

        var services = builder.Services;
        Assert.All(WorkflowFunctions.Activities, a => Assert.Contains(services, d => d.ServiceType == a.Implementation && d.Lifetime == ServiceLifetime.Transient));
        Assert.Contains(services, d => d.ServiceType == typeof(WakeUpScanner) && d.Lifetime == ServiceLifetime.Singleton);
        Type[] madeByFunctions = [typeof(ProgrammeSignals), typeof(MouWatcher), typeof(FollowUpScanner), typeof(PersonalDataEraser), typeof(RetentionPurger)];
        Assert.DoesNotContain(services, d => madeByFunctions.Contains(d.ServiceType));
    }
}
