namespace IkmaWorkflow.Programmes.Certificates.Issuance;

/// <summary>Why a certificate cannot be issued, revoked or reissued.</summary>
public enum CertificateIssueProblem
{
    /// <summary>The programme, participant, name, track or certificate does not exist.</summary>
    NotFound,

    /// <summary>The participant does not meet the programme's certificate rules.</summary>
    NotQualifying,

    /// <summary>The programme has no training dates yet, or its last training day is still ahead (WIB).</summary>
    TooEarly,

    /// <summary>A text cannot go on a certificate: too long, a character the font lacks, or it names the facility.</summary>
    ContentNotPrintable,

    /// <summary>The certificate is revoked already.</summary>
    AlreadyRevoked,

    /// <summary>The certificate was reissued already; <see cref="CertificateIssueException.Key"/> names it and the message names the replacement.</summary>
    AlreadyReplaced,

    /// <summary>Another request changed the same records at the same moment; sending again resolves it.</summary>
    Concurrent,
}

/// <summary>
/// A certificate operation that cannot succeed as things stand, said in English (<see cref="Exception.Message"/>) and
/// Indonesian. Retrying unchanged does not help, except for <see cref="CertificateIssueProblem.Concurrent"/>;
/// storage outages surface as the storage SDK's own exceptions instead, and those are worth retrying.
/// </summary>
public sealed class CertificateIssueException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="problem">What kind of problem it is.</param>
    /// <param name="key">What it is about: a certificate number, or <c>{programmeId}/{participantId}</c>.</param>
    /// <param name="message">The problem in English.</param>
    /// <param name="messageIndonesian">The problem in Indonesian.</param>
    public CertificateIssueException(CertificateIssueProblem problem, string key, string message, string messageIndonesian)
        : base(message)
    {
        Problem = problem;
        Key = key;
        MessageIndonesian = messageIndonesian;
    }

    /// <summary>What kind of problem it is.</summary>
    public CertificateIssueProblem Problem { get; }

    /// <summary>What it is about: a certificate number, or <c>{programmeId}/{participantId}</c>.</summary>
    public string Key { get; }

    /// <summary>The problem in Indonesian.</summary>
    public string MessageIndonesian { get; }
}
