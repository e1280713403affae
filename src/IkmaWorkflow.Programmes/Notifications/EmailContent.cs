namespace IkmaWorkflow.Programmes.Notifications;

/// <summary>A rendered email: subject, plain-text part and HTML part, each Indonesian first and then English.</summary>
/// <param name="Kind">The notification kind that produced it, such as <c>programme-stage-changed</c>; shown in the email listing.</param>
/// <param name="Subject">The subject line (one line, no control characters).</param>
/// <param name="Text">The plain-text part.</param>
/// <param name="Html">The HTML part; every value in it is escaped.</param>
public sealed record EmailContent(string Kind, string Subject, string Text, string Html);
