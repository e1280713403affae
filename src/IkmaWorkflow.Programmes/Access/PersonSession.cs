using IkmaWorkflow.Programmes.Organisations;
using IkmaWorkflow.Programmes.Privacy;

namespace IkmaWorkflow.Programmes.Access;

/// <summary>
/// A person signed in to the web pages. The pages act as the person's organisation (<see cref="Caller"/>): what they
/// see and submit is exactly what the organisation's API key allows.
/// </summary>
/// <param name="PersonId">The person.</param>
/// <param name="PersonName">Their name.</param>
/// <param name="Email">Their email address.</param>
/// <param name="OrganisationId">The organisation they act for.</param>
/// <param name="OrganisationName">Its name.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="FormSecret">The secret of the session's anti-forgery tokens.</param>
public sealed record PersonSession(string PersonId, string PersonName, string Email, string OrganisationId, string OrganisationName, OrganisationKind Kind, string FormSecret)
{
    /// <summary>The caller the domain's requests see: the person's organisation, and the person (for the audit log).</summary>
    public Caller Caller => new(OrganisationId, Kind, PersonId);

    internal static PersonSession Of(SessionEntity e, PersonalDataCipher personalData) =>
        new(e.PersonId, personalData.OpenText(e.PersonName), personalData.OpenText(e.Email), e.OrganisationId, e.OrganisationName, Enum.Parse<OrganisationKind>(e.Kind), e.FormSecret);
}
