using System.Globalization;
using IkmaWorkflow.Programmes.WakeUps;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace IkmaWorkflow.Programmes.Tests;

/// <summary>What reaches an orchestration waiting for a wake-up.</summary>
/// <param name="Kind"><c>wake</c>, <c>stale</c> or <c>event</c>.</param>
/// <param name="Late">For a wake-up: how long after its due time the deadline check raised it (a clock that jumped).</param>
/// <param name="EventName">For another event: its name.</param>
/// <param name="Payload">For another event: its payload.</param>
internal sealed record Arrival(string Kind, TimeSpan Late = default, string? EventName = null, object? Payload = null)
{
    /// <summary>The deadline check raises the current wait's wake-up, <paramref name="late"/> after it was due.</summary>
    public static Arrival WakeUp(TimeSpan late = default) => new("wake", late);

    /// <summary>A wake-up for an earlier wait arrives (its token is not the one waited for).</summary>
    public static Arrival Stale() => new("stale");

    /// <summary>Another event arrives before the wake-up.</summary>
    public static Arrival Event(string name, object? payload = null) => new("event", EventName: name, Payload: payload);
}

/// <summary>
/// A Moq <see cref="TaskOrchestrationContext"/> that plays history to an orchestration: scripted activity results, the
/// app's clock as <see cref="ScheduleWakeUp"/> would read it, and what arrives at each wait for a wake-up (by default
/// the wake-up itself, on time). It records every step the orchestration takes, in order. Reading
/// <c>CurrentUtcDateTime</c> or creating a durable timer fails the run: the orchestrations must do neither.
/// </summary>
internal sealed class ScriptedContext
{
    private readonly Queue<Arrival> _arrivals = new();
    private readonly Dictionary<string, (Func<object?, object?> Result, Func<object?, string> Describe)> _activities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<IPending>> _waiters = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Queue<object?>> _buffered = new(StringComparer.OrdinalIgnoreCase);
    private WakeUpTicket? _ticket;
    private int _guids;

    public ScriptedContext(string instanceId, DateTimeOffset now)
    {
        Start = now;
        Now = now;
        Mock = new Mock<TaskOrchestrationContext> { CallBase = true };
        Mock.SetupGet(c => c.InstanceId).Returns(instanceId);
        Mock.SetupGet(c => c.CurrentUtcDateTime).Throws(new InvalidOperationException("The orchestration read context.CurrentUtcDateTime: real time, not the app's clock."));
        Mock.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>())).Throws(new InvalidOperationException("The orchestration created a durable timer."));
        Mock.Setup(c => c.NewGuid()).Returns(() => new Guid(++_guids, 0, 0, new byte[8]));
        Mock.Setup(c => c.CreateReplaySafeLogger(It.IsAny<string>())).Returns(NullLogger.Instance);
        Mock.Setup(c => c.SetCustomStatus(It.IsAny<object?>())).Callback((object? status) => Statuses.Add(status));
        Mock.Setup(c => c.ContinueAsNew(It.IsAny<object?>(), It.IsAny<bool>())).Callback((object? input, bool _) => ContinuedAsNew.Add(input));
        Mock.Setup(c => c.CallActivityAsync<It.IsAnyType>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns(new InvocationFunc(invocation => CallActivity((TaskName)invocation.Arguments[0], invocation.Arguments[1], (TaskOptions?)invocation.Arguments[2], ResultType(invocation.Method.ReturnType))));
        Mock.Setup(c => c.WaitForExternalEvent<It.IsAnyType>(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns(new InvocationFunc(invocation => WaitForEvent((string)invocation.Arguments[0], ResultType(invocation.Method.ReturnType))));
    }

    private interface IPending
    {
        Task Task { get; }

        void Complete(object? value);
    }

    public Mock<TaskOrchestrationContext> Mock { get; }

    public TaskOrchestrationContext Object => Mock.Object;

    /// <summary>When the run started, on the app's clock.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>The app's clock: moved to a wake-up's due time (and past it, when it comes late) as the wake-up arrives.</summary>
    public DateTimeOffset Now { get; set; }

    /// <summary>Every step, in order: activities (as described), <c>ScheduleWakeUp +d.hh:mm:ss</c> relative to <see cref="Start"/>, <c>woken</c>, <c>stale wake-up</c>, event names.</summary>
    public List<string> Steps { get; } = [];

    /// <summary>Every activity call other than ScheduleWakeUp: name, input, options.</summary>
    public List<(string Name, object? Input, TaskOptions? Options)> Calls { get; } = [];

    /// <summary>Every wake-up asked for.</summary>
    public List<WakeUpRequest> WakeUpRequests { get; } = [];

    public List<object?> Statuses { get; } = [];

    public List<object?> ContinuedAsNew { get; } = [];

    /// <summary>Scripts activity <paramref name="name"/>: its result for an input (an <see cref="Exception"/> fails the call), and how the step reads.</summary>
    public ScriptedContext Activity<TInput>(string name, Func<TInput, object?> result, Func<TInput, string>? describe = null)
    {
        _activities[name] = (input => result((TInput)input!), input => describe is null ? name : $"{name} {describe((TInput)input!)}");
        return this;
    }

    /// <summary>Queues what arrives at the next waits for a wake-up, in order; after them, every wake-up arrives on time.</summary>
    public ScriptedContext Then(params Arrival[] arrivals)
    {
        foreach (var arrival in arrivals)
        {
            _arrivals.Enqueue(arrival);
        }

        return this;
    }

    /// <summary>Runs <paramref name="orchestration"/> against this context; a run that stops waiting for nothing fails after 10 s, naming its steps.</summary>
    public async Task<T> RunAsync<T>(Func<TaskOrchestrationContext, Task<T>> orchestration)
    {
        ArgumentNullException.ThrowIfNull(orchestration);
        try
        {
            return await orchestration(Object).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"The orchestration waits for something the script never sends. Steps: {string.Join(", ", Steps)}", ex);
        }
    }

    private static Type ResultType(Type taskType) => taskType.GetGenericArguments()[0];

    private static Task FromResult(Type type, object? value) =>
        (Task)typeof(Task).GetMethod(nameof(Task.FromResult))!.MakeGenericMethod(type).Invoke(null, [value])!;

    private static Task FromException(Type type, Exception exception) =>
        (Task)typeof(Task).GetMethods().Single(m => m.Name == nameof(Task.FromException) && m.IsGenericMethod).MakeGenericMethod(type).Invoke(null, [exception])!;

    private static IPending NewPending(Type type) => (IPending)Activator.CreateInstance(typeof(Pending<>).MakeGenericType(type))!;

    private string Relative(DateTimeOffset moment)
    {
        var offset = moment - Start;
        return string.Create(CultureInfo.InvariantCulture, $"{(offset < TimeSpan.Zero ? "-" : "+")}{offset.Duration():c}");
    }

    private Task CallActivity(TaskName name, object? input, TaskOptions? options, Type resultType)
    {
        if (name.Name == nameof(ScheduleWakeUp))
        {
            var request = (WakeUpRequest)input!;
            var ticket = new WakeUpTicket(request.Token, request.At ?? (Now + request.After!.Value), Now);
            WakeUpRequests.Add(request);
            Steps.Add($"ScheduleWakeUp {Relative(ticket.DueAt)}{(ticket.AlreadyDue ? " (due)" : string.Empty)}");
            _ticket = ticket;
            return FromResult(resultType, ticket);
        }

        if (!_activities.TryGetValue(name.Name, out var activity))
        {
            throw new InvalidOperationException($"Activity {name.Name} is not scripted. Steps: {string.Join(", ", Steps)}");
        }

        Steps.Add(activity.Describe(input));
        Calls.Add((name.Name, input, options));
        var result = activity.Result(input);
        return result is Exception exception ? FromException(resultType, exception) : FromResult(resultType, result);
    }

    private Task WaitForEvent(string name, Type type)
    {
        if (name == WakeUpWait.EventName)
        {
            var arrival = _arrivals.Count > 0 ? _arrivals.Dequeue() : Arrival.WakeUp();
            var ticket = _ticket ?? throw new InvalidOperationException("The orchestration waits for a wake-up it never scheduled.");
            switch (arrival.Kind)
            {
                case "wake":
                    Now = (Now > ticket.DueAt ? Now : ticket.DueAt) + arrival.Late;
                    Steps.Add("woken");
                    return FromResult(type, new WakeUpSignal(ticket.Token, ticket.DueAt, Now));
                case "stale":
                    Steps.Add("stale wake-up");
                    return FromResult(type, new WakeUpSignal("a-token-of-an-earlier-wait", ticket.DueAt, Now));
                default:
                    Steps.Add(arrival.EventName!);
                    Deliver(arrival.EventName!, arrival.Payload);
                    return NewPending(type).Task;
            }
        }

        var pending = NewPending(type);
        if (_buffered.TryGetValue(name, out var buffered) && buffered.Count > 0)
        {
            pending.Complete(buffered.Dequeue());
        }
        else
        {
            (_waiters.TryGetValue(name, out var list) ? list : _waiters[name] = []).Add(pending);
        }

        return pending.Task;
    }

    // The newest waiter gets the event first, as in Microsoft's context; with none, it is buffered for the next one.
    private void Deliver(string name, object? payload)
    {
        if (_waiters.TryGetValue(name, out var list) && list.Count > 0)
        {
            var waiter = list[^1];
            list.RemoveAt(list.Count - 1);
            waiter.Complete(payload);
            return;
        }

        (_buffered.TryGetValue(name, out var queue) ? queue : _buffered[name] = new Queue<object?>()).Enqueue(payload);
    }

    private sealed class Pending<T> : IPending
    {
        private readonly TaskCompletionSource<T> _source = new();

        public Task Task => _source.Task;

        public void Complete(object? value) => _source.TrySetResult((T)value!);
    }
}
