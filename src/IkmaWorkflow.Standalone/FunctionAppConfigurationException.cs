namespace IkmaWorkflow.Standalone;

/// <summary>
/// A function app's files, settings or functions are wrong: a bad <c>host.json</c> value (the durable engine's
/// <c>extensions.durableTask</c> among them), a missing or invalid setting, a function the standalone host cannot bind
/// or run. Nothing starts; the message names the file, key or function and says what to change.
/// </summary>
public sealed class FunctionAppConfigurationException : Exception
{
    /// <summary>Creates the exception about <paramref name="key"/>, with the message "<c>key: problem</c>".</summary>
    /// <param name="key">The file path, setting key (as written in app settings) or function name the problem is in.</param>
    /// <param name="problem">What is wrong and what to do about it.</param>
    /// <param name="innerException">The error that revealed the problem, if any.</param>
    public FunctionAppConfigurationException(string key, string problem, Exception? innerException = null)
        : this(key, innerException, $"{key}: {problem}")
    {
    }

    // The message as given: the public constructor puts the key in front of it, Worded does not.
    private FunctionAppConfigurationException(string key, Exception? innerException, string message)
        : base(message, innerException)
    {
        Key = key;
    }

    /// <summary>
    /// The file path, the setting key (as written in app settings), the <c>host.json</c> path
    /// (<c>extensions.durableTask.storageProvider.partitionCount</c>) or the function name the problem is in.
    /// </summary>
    public string Key { get; }

    /// <summary>
    /// Creates the exception about <paramref name="key"/> with <paramref name="message"/> as written, for a message
    /// that names the key in its own words (the durable engine's "<c>host.json extensions.durableTask.… must be …</c>").
    /// </summary>
    internal static FunctionAppConfigurationException Worded(string key, string message, Exception? innerException = null) =>
        new(key, innerException, message);
}
