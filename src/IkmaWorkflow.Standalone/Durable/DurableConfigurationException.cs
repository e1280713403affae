namespace IkmaWorkflow.Standalone.Durable;

/// <summary>
/// The durable engine cannot start: a <c>host.json</c> <c>extensions.durableTask</c> value or a setting is wrong,
/// or an orchestrator or activity function has a signature the host cannot run. The message says what to change.
/// </summary>
public sealed class DurableConfigurationException : Exception
{
    /// <summary>Creates the exception about <paramref name="key"/>.</summary>
    /// <param name="key">The <c>host.json</c> path, the setting name or the function name the problem is in.</param>
    /// <param name="message">What is wrong and what to do about it.</param>
    /// <param name="innerException">The error that revealed the problem, if any.</param>
    public DurableConfigurationException(string key, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Key = key;
    }

    /// <summary>
    /// The <c>host.json</c> path (<c>extensions.durableTask.storageProvider.partitionCount</c>), the setting name
    /// (<c>AzureWebJobsStorage</c>) or the function name the problem is in.
    /// </summary>
    public string Key { get; }
}
