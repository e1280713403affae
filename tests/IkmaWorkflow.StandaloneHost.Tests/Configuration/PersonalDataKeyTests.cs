using IkmaWorkflow.StandaloneHost.Tests.Hosting;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.StandaloneHost.Tests.Configuration;

/// <summary>
/// The personal-data key at start: on storage that is not development storage the built host refuses to start without
/// <c>PersonalData__EncryptionKey</c> (exit code 2, naming it), and a key that is not 32 bytes of base64 is refused.
/// </summary>
public sealed class PersonalDataKeyTests
{
    [Fact]
    public async Task Start_NoKeyOnAnAccountThatIsNotDevelopmentStorage_ExitsWithCode2NamingTheKey()
    {
        // An account other than Azurite's (devstoreaccount1), at unreachable loopback ports: only the key is wrong.
        var ports = FreePort.Next(3);
        var storage = "DefaultEndpointsProtocol=http;AccountName=stikmaprod;" +
            $"AccountKey={AzuriteInstance.AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{ports[0]}/stikmaprod;" +
            $"QueueEndpoint=http://127.0.0.1:{ports[1]}/stikmaprod;" +
            $"TableEndpoint=http://127.0.0.1:{ports[2]}/stikmaprod;";

        await HostProcess.AssertStopsOnBadSettingAsync("AzureWebJobsStorage", storage, "PersonalData__EncryptionKey", "is not set");
    }

    [Theory]
    [InlineData("PersonalData__EncryptionKey", "not-a-key")]
    [InlineData("PersonalData__EncryptionKey", "c2hvcnQ=")]
    [InlineData("PersonalData__PreviousEncryptionKey", "c2hvcnQ=")]
    public async Task Start_KeyNotThirtyTwoBytesOfBase64_ExitsWithCode2NamingTheSetting(string key, string value)
    {
        await HostProcess.AssertStopsOnBadSettingAsync(key, value, key);
    }
}
