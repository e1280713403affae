using IkmaWorkflow.Programmes.Organisations;

namespace IkmaWorkflow.Programmes.Access;

/// <summary>
/// Who sent a request: an organisation authenticated by its API key, a person signed in to the web pages acting for
/// their organisation, or the operator (the operator key), who may do what a coordinator may and also register
/// organisations. What a caller may do depends on the organisation alone; the person is recorded in the audit log.
/// </summary>
/// <param name="OrganisationId">The organisation, or <c>operator</c>.</param>
/// <param name="Kind">The organisation's kind; <see langword="null"/> for the operator.</param>
/// <param name="PersonId">
/// The person acting for the organisation, by pseudonymous person id (never a name or address): set for a person
/// signed in to the web pages (<see cref="PersonSession"/>), null for an API key or the operator key.
/// </param>
public sealed record Caller(string OrganisationId, OrganisationKind? Kind, string? PersonId = null)
{
    /// <summary>The operator.</summary>
    public static Caller Operator { get; } = new("operator", null);

    /// <summary>Whether the caller is the operator.</summary>
    public bool IsOperator => Kind is null;

    /// <summary>Whether the caller coordinates programmes (a ministry unit, or the operator) and so sees everything.</summary>
    public bool IsCoordinator => IsOperator || Kind == OrganisationKind.MinistryUnit;
}
