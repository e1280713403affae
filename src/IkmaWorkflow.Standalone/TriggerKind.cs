namespace IkmaWorkflow.Standalone;

/// <summary>What starts a function, read from the attribute on its trigger parameter.</summary>
public enum TriggerKind
{
    /// <summary><c>[HttpTrigger]</c>.</summary>
    Http,

    /// <summary><c>[TimerTrigger]</c>.</summary>
    Timer,

    /// <summary><c>[QueueTrigger]</c>.</summary>
    Queue,

    /// <summary><c>[OrchestrationTrigger]</c>.</summary>
    Orchestration,

    /// <summary><c>[ActivityTrigger]</c>.</summary>
    Activity,
}
