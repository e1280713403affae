namespace IkmaWorkflow.Programmes.Orchestrations;

/// <summary>What the orchestration says about itself (custom status): the stage and what it waits for.</summary>
/// <param name="Stage">The stage.</param>
/// <param name="WaitingFor">What it waits for, in English.</param>
/// <param name="WaitingForIndonesian">What it waits for, in Indonesian.</param>
/// <param name="RemindersSent">Reminders sent at this stage.</param>
public sealed record ProgrammeStatus(string Stage, string WaitingFor, string WaitingForIndonesian, int RemindersSent);
