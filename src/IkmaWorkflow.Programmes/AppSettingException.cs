namespace IkmaWorkflow.Programmes;

/// <summary>An app setting is not usable; the app does not start. The message names the key as users write it.</summary>
public sealed class AppSettingException : Exception
{
    /// <summary>Creates the exception for setting <paramref name="key"/> (written with <c>__</c>, as in app settings).</summary>
    public AppSettingException(string key, string message, Exception? innerException = null)
        : base($"{key}: {message}", innerException)
    {
        Key = key;
    }

    /// <summary>The setting's key, as written in app settings (<c>Section__Key</c>).</summary>
    public string Key { get; }
}
