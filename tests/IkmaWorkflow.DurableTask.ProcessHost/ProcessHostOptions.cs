using IkmaWorkflow.CustomHandler;

namespace IkmaWorkflow.DurableTask.ProcessHost;

/// <summary>Settings of the test host (section <c>ProcessHost</c>; environment <c>ProcessHost__Key</c>).</summary>
internal sealed class ProcessHostOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "ProcessHost";

    /// <summary>The folder the host writes its work log to (<c>{processId}.log</c>). Required.</summary>
    public string DataDirectory { get; set; } = string.Empty;

    /// <summary>The checkpoint at which the process kills itself; none when empty.</summary>
    public string CrashAt { get; set; } = string.Empty;

    /// <summary>Which time <see cref="CrashAt"/> is reached that kills the process, counting from 1. Default 1.</summary>
    public int CrashOnHit { get; set; } = 1;

    /// <summary>The longest timer hop, so a timer of a few seconds hops several times. Default 1 second (the app's is 6 days).</summary>
    public TimeSpan MaxTimerHop { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Reads and checks the section.</summary>
    /// <exception cref="FunctionAppConfigurationException">A value is missing or wrong; the message names the key.</exception>
    public static ProcessHostOptions Read(IConfiguration configuration)
    {
        var options = configuration.GetSection(SectionName).Get<ProcessHostOptions>() ?? new ProcessHostOptions();
        return options switch
        {
            { DataDirectory.Length: 0 } => throw new FunctionAppConfigurationException(Key(nameof(DataDirectory)), "must name the folder the work log goes to."),
            _ when !Directory.Exists(options.DataDirectory) => throw new FunctionAppConfigurationException(Key(nameof(DataDirectory)), $"names \"{options.DataDirectory}\", which does not exist."),
            { CrashOnHit: < 1 } => throw new FunctionAppConfigurationException(Key(nameof(CrashOnHit)), "must be at least 1."),
            _ when options.MaxTimerHop <= TimeSpan.Zero => throw new FunctionAppConfigurationException(Key(nameof(MaxTimerHop)), "must be positive."),
            _ => options,
        };
    }

    private static string Key(string property) => $"{SectionName}__{property}";
}
