using IkmaWorkflow.Programmes.Certificates;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.Programmes.Tests.Certificates;

/// <summary>Runs alone: it changes the process's local time zone.</summary>
[CollectionDefinition(nameof(ChangesLocalTimeZone), DisableParallelization = true)]
public sealed class ChangesLocalTimeZone;

[Collection(nameof(ChangesLocalTimeZone))]
public class CertificatePdfTimeZoneTests
{
    [Fact]
    public void Render_InAnyLocalTimeZone_SameBytesDatedInWib()
    {
        var original = Environment.GetEnvironmentVariable("TZ");
        try
        {
            var renders = new List<byte[]>();
            foreach (var zone in new[] { "UTC", "America/New_York", "Asia/Jakarta", "Pacific/Auckland" })
            {
                Environment.SetEnvironmentVariable("TZ", zone);
                TimeZoneInfo.ClearCachedData();
                Assert.Equal(zone, TimeZoneInfo.Local.Id);
                renders.Add(CertificatePdf.Render(DemoCertificates.Cipinang()));
            }

            Assert.All(renders, pdf => Assert.Equal(renders[0], pdf));
            Assert.Equal("2024-09-07T00:00:00+07", PdfTools.Info(renders[0])["CreationDate"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable("TZ", original);
            TimeZoneInfo.ClearCachedData();
        }
    }
}
