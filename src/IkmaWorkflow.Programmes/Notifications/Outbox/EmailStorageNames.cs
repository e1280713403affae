namespace IkmaWorkflow.Programmes.Notifications;

/// <summary>Where the outbox keeps its emails: a table, the queue of the <c>SendEmail</c> function, and the container emails are written to without a SendGrid key.</summary>
/// <param name="TableName">The outbox table.</param>
/// <param name="QueueName">The queue <c>SendEmail/function.json</c> is triggered by.</param>
/// <param name="ContainerName">The container emails are written to when no SendGrid key is set.</param>
public sealed record EmailStorageNames(string TableName, string QueueName, string ContainerName)
{
    /// <summary>The app's names: table <c>EmailOutbox</c>, queue <c>email-outbox</c>, container <c>emails</c>.</summary>
    public static EmailStorageNames Default { get; } = new("EmailOutbox", "email-outbox", "emails");
}
