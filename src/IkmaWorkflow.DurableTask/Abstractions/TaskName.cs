namespace IkmaWorkflow.DurableTask;

/// <summary>The name of an orchestrator or activity, with an optional version.</summary>
/// <param name="Name">The name, compared case-insensitively.</param>
/// <param name="Version">The version, or empty for the newest registered one.</param>
public readonly record struct TaskName(string Name, string Version = "")
{
    /// <summary>Makes a name without a version.</summary>
    public static implicit operator TaskName(string name) => new(name);

    /// <summary>Makes a name without a version.</summary>
    public static TaskName FromString(string name) => new(name);

    /// <inheritdoc/>
    public override string ToString() => Version.Length == 0 ? Name : $"{Name}@{Version}";
}
