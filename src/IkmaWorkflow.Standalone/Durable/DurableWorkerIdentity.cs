namespace IkmaWorkflow.Standalone.Durable;

/// <summary>Who this host is to the engine.</summary>
/// <param name="WorkerId">
/// Its name in the partition leases: machine, process and a random part, so that two hosts in one process (or a
/// restarted process) never take each other's leases for their own.
/// </param>
/// <param name="AppName">The app (<c>WEBSITE_SITE_NAME</c>, empty when unset) that owns the app lease; every host of one app shares it.</param>
internal sealed record DurableWorkerIdentity(string WorkerId, string AppName)
{
    /// <summary>A new identity for this host in app <paramref name="appName"/>.</summary>
    public static DurableWorkerIdentity Create(string appName) =>
        new($"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}", appName);
}
