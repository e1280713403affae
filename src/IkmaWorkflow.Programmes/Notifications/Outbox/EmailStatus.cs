namespace IkmaWorkflow.Programmes.Notifications;

/// <summary>Where an email in the outbox stands.</summary>
public enum EmailStatus
{
    /// <summary>Waiting to be sent, at once or (after a failed attempt) at its next attempt time.</summary>
    Pending,

    /// <summary>A sender has claimed it and is sending it now.</summary>
    Sending,

    /// <summary>Accepted by SendGrid, or written to the email container when no SendGrid key is set. Final.</summary>
    Sent,

    /// <summary>Refused by SendGrid, or still failing after the last attempt. Final; the error says why.</summary>
    Failed,
}
