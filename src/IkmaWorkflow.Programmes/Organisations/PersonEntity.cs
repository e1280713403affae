using System.Runtime.Serialization;
using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.Programmes.Organisations;

/// <summary>What a person does for their organisation.</summary>
public enum PersonRole
{
    /// <summary>Coordinates programmes (ministry units); receives stage changes, reminders and escalations.</summary>
    Coordinator,

    /// <summary>Facility staff: enrols participants, records attendance.</summary>
    FacilityStaff,

    /// <summary>Trains a track.</summary>
    Trainer,

    /// <summary>A probation officer (Bapas): reports on people after release.</summary>
    ProbationOfficer,
}

/// <summary>A person acting for an organisation (People table: partition = organisation id, row = person id).</summary>
public sealed class PersonEntity : RecordEntity
{
    /// <summary>The person's name, sealed (<see cref="Privacy.PersonalDataCipher"/>; column <c>Name</c>).</summary>
    [DataMember(Name = "Name")]
    public string SealedName { get; set; } = string.Empty;

    /// <summary>Where notifications go, sealed (column <c>Email</c>).</summary>
    [DataMember(Name = "Email")]
    public string SealedEmail { get; set; } = string.Empty;

    /// <summary>
    /// The lookup hash of the email (<see cref="Privacy.PersonalDataCipher.EmailHash"/>), so sign-in finds the person
    /// without the address in any filter; null on rows written before encryption.
    /// </summary>
    public string? EmailHash { get; set; }

    /// <summary>A <see cref="PersonRole"/> name.</summary>
    public string Role { get; set; } = string.Empty;

    /// <summary>When the person was added.</summary>
    public DateTimeOffset AddedAt { get; set; }
}
