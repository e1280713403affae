using IkmaWorkflow.Testing;
using Xunit.Sdk;

namespace IkmaWorkflow.StandaloneHost.Tests.Guarantee;

/// <summary>
/// Watches a programme's certificate list while hosts are killed and restarted: every change in how many are listed
/// and how many are valid goes on the timeline, with the time of the last new valid certificate.
/// </summary>
/// <param name="probe">Reads the list from a running host.</param>
/// <param name="timeline">Where changes are recorded.</param>
internal sealed class CertificateWatch(ProgrammeProbe probe, CrashTimeline timeline)
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(250);

    /// <summary>Certificates listed in the last answer (pending ones included).</summary>
    public int Listed { get; private set; }

    /// <summary>Valid certificates in the last answer.</summary>
    public int Valid { get; private set; }

    /// <summary>When the first certificate was listed.</summary>
    public TimeSpan FirstListedAt { get; private set; }

    /// <summary>When the number of valid certificates last grew.</summary>
    public TimeSpan LastValidAt { get; private set; }

    /// <summary>Reads the list once and records what changed; a host killed while answering is no change.</summary>
    public async Task SampleAsync()
    {
        IReadOnlyList<IssuedCertificate> certificates;
        try
        {
            certificates = await probe.CertificatesAsync();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or XunitException or InvalidOperationException)
        {
            // The host answering was killed meanwhile, or none serves right now; the next sample asks a running one.
            return;
        }

        var valid = certificates.Count(c => c.Status == "Valid");
        if (certificates.Count != Listed || valid != Valid)
        {
            var at = timeline.Mark($"certificates: {certificates.Count} listed, {valid} valid");
            if (Listed == 0)
            {
                FirstListedAt = at;
            }
            if (valid > Valid)
            {
                LastValidAt = at;
            }

            (Listed, Valid) = (certificates.Count, valid);
        }
    }

    /// <summary>Samples until <paramref name="stop"/> is cancelled.</summary>
    public Task RunAsync(CancellationToken stop) => Eventually.TrueAsync(
        async () =>
        {
            await SampleAsync();
            return stop.IsCancellationRequested;
        },
        () => "The certificate watch was never stopped.",
        TimeSpan.FromMinutes(20),
        Every);
}
