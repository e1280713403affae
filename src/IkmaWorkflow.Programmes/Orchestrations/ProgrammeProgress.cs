using System.Text.Json.Serialization;

namespace IkmaWorkflow.Programmes.Orchestrations;

/// <summary>
/// The programme orchestration's input, one per generation: which programme, the stage it last announced, the
/// reminders sent at that stage, and the version of the orchestration code the generation runs.
/// </summary>
/// <param name="ProgrammeId">The programme.</param>
/// <param name="AnnouncedStage">The stage already announced to the coordinators, if any.</param>
/// <param name="RemindersSent">Reminders sent since the stage began.</param>
/// <param name="Version">
/// The code version this generation runs (docs/programme-workflow.md, "Changing the orchestration"). An input written
/// before versions were carried has none and reads as 1.
/// </param>
public sealed record ProgrammeProgress(string ProgrammeId, string? AnnouncedStage = null, int RemindersSent = 0, int Version = 1)
{
    /// <summary>The input of a programme's first generation, on the current version.</summary>
    public static ProgrammeProgress Start(string programmeId) => new(programmeId, Version: ProgrammeOrchestration.CurrentVersion);

    /// <summary>The next generation's input: always on the current version, whatever this generation ran.</summary>
    [JsonIgnore]
    public ProgrammeProgress Next => this with { Version = ProgrammeOrchestration.CurrentVersion };
}
