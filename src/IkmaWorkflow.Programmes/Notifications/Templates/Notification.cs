namespace IkmaWorkflow.Programmes.Notifications;

/// <summary>
/// An event coordinators and partners are told about by email. Each kind is a typed model that renders its own
/// subject, plain text and HTML, Indonesian first and then English (see <see cref="Render"/>).
/// </summary>
public abstract record Notification
{
    /// <summary>The kind's stable name, such as <c>programme-stage-changed</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>Renders the email. Times are shown in WIB; every value is escaped in the HTML part.</summary>
    public abstract EmailContent Render();
}
