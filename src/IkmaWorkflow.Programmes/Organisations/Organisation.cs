using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.Programmes.Organisations;

/// <summary>What an organisation is to the programme.</summary>
public enum OrganisationKind
{
    /// <summary>A unit of the Ministry of Industry (DG IKMA and its directorates); its people coordinate and see everything.</summary>
    MinistryUnit,

    /// <summary>A corrections authority (Ditjenpas, a regional office).</summary>
    CorrectionsUnit,

    /// <summary>A correctional facility (Lapas, LPP, LPKA, Rutan).</summary>
    Facility,

    /// <summary>A partner foundation or association (YBI, PIMTI).</summary>
    Foundation,

    /// <summary>A probation and parole office (Bapas): follows people up after release.</summary>
    ProbationOffice,
}

/// <summary>The type of a correctional facility.</summary>
public enum FacilityType
{
    /// <summary>Lembaga Pemasyarakatan: a correctional facility for sentenced people.</summary>
    Lapas,

    /// <summary>Lembaga Pemasyarakatan Perempuan: a women's correctional facility.</summary>
    Lpp,

    /// <summary>Lembaga Pembinaan Khusus Anak: a juvenile facility.</summary>
    Lpka,

    /// <summary>Rumah Tahanan Negara: a detention house.</summary>
    Rutan,
}

/// <summary>A facility's class by capacity.</summary>
public enum FacilityClass
{
    /// <summary>Class I: 1,500 or more.</summary>
    I,

    /// <summary>Class IIA: 500 to 1,500.</summary>
    IIA,

    /// <summary>Class IIB: up to 500.</summary>
    IIB,

    /// <summary>Class III.</summary>
    III,
}

/// <summary>
/// An organisation taking part in programmes, stored in one partition of the Organisations table under its id (<c>RowKey</c>, such as <c>lapas-cipinang</c>). Successor links
/// record reorganisations, such as corrections moving to a new ministry in October 2024.
/// </summary>
public sealed class OrganisationEntity : RecordEntity
{
    /// <summary>The one partition of all organisations.</summary>
    public const string Partition = "organisation";

    /// <summary>Creates an empty record in the organisations' partition.</summary>
    public OrganisationEntity() => PartitionKey = Partition;

    /// <summary>The full name, such as <c>Lapas Kelas I Cipinang</c>.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>An <see cref="OrganisationKind"/> name.</summary>
    public string Kind { get; set; } = string.Empty;

    /// <summary>A <see cref="Organisations.FacilityType"/> name, for facilities.</summary>
    public string? FacilityType { get; set; }

    /// <summary>A <see cref="Organisations.FacilityClass"/> name, for facilities.</summary>
    public string? FacilityClass { get; set; }

    /// <summary>The city or regency.</summary>
    public string? City { get; set; }

    /// <summary>The organisation this one replaced.</summary>
    public string? PredecessorId { get; set; }

    /// <summary>The organisation that replaced this one.</summary>
    public string? SuccessorId { get; set; }

    /// <summary>SHA-256 of the organisation's API key, hex; the key itself is never stored.</summary>
    public string? ApiKeyHash { get; set; }

    /// <summary>When the organisation was registered.</summary>
    public DateTimeOffset RegisteredAt { get; set; }

    /// <summary>The kind as an enum.</summary>
    public OrganisationKind KindValue => Enum.Parse<OrganisationKind>(Kind);
}
