namespace IkmaWorkflow.StandaloneHost.Tests.Guarantee;

/// <summary>A certificate as the programme's certificate list shows it to the operator.</summary>
/// <param name="Number">Its number.</param>
/// <param name="ParticipantId">The holder's participant id.</param>
/// <param name="HolderName">The holder's name.</param>
/// <param name="Status">Pending, Valid or Revoked.</param>
/// <param name="Sha256">SHA-256 of its PDF; empty while pending.</param>
internal sealed record IssuedCertificate(string Number, string ParticipantId, string? HolderName, string Status, string? Sha256);
