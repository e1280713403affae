using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Programmes.Access;

/// <summary>Sign-in and session log lines, with stable event ids 1700–1719 (docs/pages.md). No token or cookie is ever logged.</summary>
internal static partial class SignInLog
{
    [LoggerMessage(EventId = 1700, Level = LogLevel.Information, Message = "Sign-in link sent to person {PersonId} of {OrganisationId} (email {EmailId})")]
    public static partial void LinkSent(ILogger logger, string personId, string organisationId, string emailId);

    [LoggerMessage(EventId = 1701, Level = LogLevel.Information, Message = "Sign-in link asked for an address no person has; nothing sent")]
    public static partial void UnknownAddress(ILogger logger);

    [LoggerMessage(EventId = 1702, Level = LogLevel.Information, Message = "Person {PersonId} of {OrganisationId} signed in ({Via})")]
    public static partial void SignedIn(ILogger logger, string personId, string organisationId, string via);

    [LoggerMessage(EventId = 1703, Level = LogLevel.Warning, Message = "Sign-in link refused: {Reason}")]
    public static partial void LinkRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 1704, Level = LogLevel.Information, Message = "Person {PersonId} of {OrganisationId} signed out")]
    public static partial void SignedOut(ILogger logger, string personId, string organisationId);

    [LoggerMessage(EventId = 1706, Level = LogLevel.Warning, Message = "Sign-in through {Via} refused: {People} people have the address")]
    public static partial void IdentityRefused(ILogger logger, string via, int people);

    [LoggerMessage(EventId = 1705, Level = LogLevel.Information, Message = "Session of person {PersonId} ended after {IdleHours} hours without use")]
    public static partial void SessionExpired(ILogger logger, string personId, double idleHours);

    [LoggerMessage(EventId = 1707, Level = LogLevel.Information, Message = "Purged {Links} expired sign-in links and {Sessions} ended sessions")]
    public static partial void Purged(ILogger logger, int links, int sessions);
}
