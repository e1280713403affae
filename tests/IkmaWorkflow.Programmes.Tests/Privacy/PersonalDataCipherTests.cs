using System.Security.Cryptography;
using IkmaWorkflow.Programmes.Privacy;
using Microsoft.Extensions.Configuration;

namespace IkmaWorkflow.Programmes.Tests.Privacy;

/// <summary>
/// The sealing of names and contacts: AES-256-GCM with a fresh nonce per value, a key id in every value, reading with
/// the previous key after a rotation, clear text from before encryption read as it is, and a clear error, never
/// garbage, for a wrong key or an altered value. The settings: a missing key refused outside development storage.
/// </summary>
public sealed class PersonalDataCipherTests
{
    private const string Name = "Budi Santoso";

    private static readonly byte[] KeyA = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] KeyB = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void Seal_AName_NeverHoldsItAndOpensToIt()
    {
        var cipher = new PersonalDataCipher(KeyA);

        var first = cipher.Seal(Name)!;
        var second = cipher.Seal(Name)!;

        Assert.StartsWith($"v1:{cipher.KeyId}:", first, StringComparison.Ordinal);
        Assert.DoesNotContain("Budi", first, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(first, second);
        Assert.Equal(Name, cipher.Open(first));
        Assert.Equal(Name, cipher.Open(second));
        Assert.Null(cipher.Seal(null));
        Assert.Null(cipher.Open(null));
        Assert.Equal(string.Empty, cipher.Open(cipher.Seal(string.Empty)));
    }

    [Fact]
    public void SealFile_APdf_NeverHoldsTheNameAndOpensToTheSameBytes()
    {
        var cipher = new PersonalDataCipher(KeyA);
        var pdf = System.Text.Encoding.UTF8.GetBytes("%PDF-1.7\n(Budi Santoso) Tj\n%%EOF\n");

        var first = cipher.SealFile(pdf);
        var second = cipher.SealFile(pdf);

        Assert.StartsWith($"ikma-sealed:v1:{cipher.KeyId}:", System.Text.Encoding.ASCII.GetString(first), StringComparison.Ordinal);
        Assert.DoesNotContain("Budi", System.Text.Encoding.Latin1.GetString(first), StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(first, second);
        Assert.False(System.Text.Encoding.ASCII.GetString(pdf).StartsWith(PersonalDataCipher.FilePrefix, StringComparison.Ordinal));
        Assert.Equal(pdf, cipher.OpenFile(first));
        Assert.Equal(pdf, cipher.OpenFile(second));

        // A PDF stored before encryption reads as it is; after a rotation the previous key opens the file.
        Assert.Same(pdf, cipher.OpenFile(pdf));
        var rotated = new PersonalDataCipher(KeyB, KeyA);
        Assert.Equal(pdf, rotated.OpenFile(first));
        Assert.False(System.Text.Encoding.ASCII.GetString(first).StartsWith($"{PersonalDataCipher.FilePrefix}{rotated.KeyId}:", StringComparison.Ordinal));
    }

    [Fact]
    public void OpenFile_AnotherKeyOrAlteredFile_ThrowsNamingTheSettings()
    {
        var sealedFile = new PersonalDataCipher(KeyA).SealFile("%PDF-1.7 Budi Santoso"u8);

        var wrongKey = Assert.Throws<PersonalDataKeyException>(() => new PersonalDataCipher(KeyB).OpenFile(sealedFile));
        Assert.Contains(PersonalDataCipher.KeySetting, wrongKey.Message, StringComparison.Ordinal);
        Assert.Contains(PersonalDataCipher.PreviousKeySetting, wrongKey.Message, StringComparison.Ordinal);

        sealedFile[^1] ^= 1;
        var altered = Assert.Throws<PersonalDataKeyException>(() => new PersonalDataCipher(KeyA).OpenFile(sealedFile));
        Assert.Contains(PersonalDataCipher.KeySetting, altered.Message, StringComparison.Ordinal);
        Assert.Throws<PersonalDataKeyException>(() => new PersonalDataCipher(KeyA).OpenFile(sealedFile[..30]));
    }

    [Fact]
    public void Open_SealedWithAnotherKey_ThrowsNamingTheSettings()
    {
        var sealedValue = new PersonalDataCipher(KeyA).Seal(Name);

        var error = Assert.Throws<PersonalDataKeyException>(() => new PersonalDataCipher(KeyB).Open(sealedValue));

        Assert.Contains(PersonalDataCipher.KeySetting, error.Message, StringComparison.Ordinal);
        Assert.Contains(PersonalDataCipher.PreviousKeySetting, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_KeyIdForgedToTheCurrentKey_ThrowsInsteadOfGarbage()
    {
        var other = new PersonalDataCipher(KeyB);
        var sealedValue = new PersonalDataCipher(KeyA).Seal(Name)!;
        var forged = $"v1:{other.KeyId}:{sealedValue[(sealedValue.LastIndexOf(':') + 1)..]}";

        var error = Assert.Throws<PersonalDataKeyException>(() => other.Open(forged));

        Assert.Contains(PersonalDataCipher.KeySetting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_AlteredValue_Throws()
    {
        var cipher = new PersonalDataCipher(KeyA);
        var sealedValue = cipher.Seal(Name)!;
        var bytes = Convert.FromBase64String(sealedValue[(sealedValue.LastIndexOf(':') + 1)..]);
        bytes[14] ^= 1;
        var altered = sealedValue[..(sealedValue.LastIndexOf(':') + 1)] + Convert.ToBase64String(bytes);

        Assert.Throws<PersonalDataKeyException>(() => cipher.Open(altered));
        Assert.Throws<PersonalDataKeyException>(() => cipher.Open($"v1:{cipher.KeyId}:not-base64!"));
    }

    [Fact]
    public void Open_AfterRotation_ReadsOldValuesWithThePreviousKeyAndSealsWithTheNew()
    {
        var before = new PersonalDataCipher(KeyA);
        var old = before.Seal(Name);
        var rotated = new PersonalDataCipher(KeyB, previousKey: KeyA);

        Assert.Equal(Name, rotated.Open(old));
        Assert.False(rotated.IsSealedWithCurrentKey(old));
        var resealed = rotated.Seal(rotated.Open(old));
        Assert.True(rotated.IsSealedWithCurrentKey(resealed));
        Assert.Throws<PersonalDataKeyException>(() => before.Open(resealed));
        Assert.Contains(before.EmailHash("rina@ikma.example"), rotated.EmailHashes("rina@ikma.example"));
    }

    [Fact]
    public void Open_ClearTextFromBeforeEncryption_ReadsAsItIs()
    {
        var cipher = new PersonalDataCipher(KeyA);

        Assert.Equal(Name, cipher.Open(Name));
        Assert.Equal("0812-3456-7890", cipher.Open("0812-3456-7890"));
        Assert.False(cipher.IsSealedWithCurrentKey(Name));
    }

    [Fact]
    public void EmailHash_CaseAndSpaces_TheSameHashPerKeyAndNoAddressInIt()
    {
        var a = new PersonalDataCipher(KeyA);

        Assert.Equal(a.EmailHash("rina@ikma.example"), a.EmailHash("  RINA@Ikma.Example "));
        Assert.NotEqual(a.EmailHash("rina@ikma.example"), new PersonalDataCipher(KeyB).EmailHash("rina@ikma.example"));
        Assert.Matches("^[0-9a-f]{64}$", a.EmailHash("rina@ikma.example"));
    }

    [Theory]
    [InlineData(null, null, true)]
    [InlineData("UseDevelopmentStorage=true", null, true)]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=abc;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;", null, true)]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=stikmaprod;AccountKey=abc;EndpointSuffix=core.windows.net", null, false)]
    [InlineData(null, "stikmaprod", false)]
    public void IsDevelopmentStorage_ConnectionOrAccount_OnlyAzurite(string? connection, string? account, bool expected)
    {
        Assert.Equal(expected, PersonalDataCipher.IsDevelopmentStorage(connection, account));
    }

    [Fact]
    public void FromConfiguration_NoKeyOnAnAccountInAzure_RefusesNamingTheKey()
    {
        var error = Assert.Throws<AppSettingException>(() => PersonalDataCipher.FromConfiguration(Settings(), developmentStorage: false, out _));

        Assert.Equal(PersonalDataCipher.KeySetting, error.Key);
        Assert.Contains("openssl rand -base64 32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfiguration_NoKeyOnDevelopmentStorage_UsesTheDevelopmentKey()
    {
        var cipher = PersonalDataCipher.FromConfiguration(Settings(), developmentStorage: true, out var usesDevelopmentKey);

        Assert.True(usesDevelopmentKey);
        Assert.Equal(PersonalDataCipher.Development.KeyId, cipher.KeyId);
    }

    [Fact]
    public void FromConfiguration_KeyAndPreviousKey_SealsWithTheKeyAndOpensBoth()
    {
        var cipher = PersonalDataCipher.FromConfiguration(
            Settings(("PersonalData:EncryptionKey", Convert.ToBase64String(KeyB)), ("PersonalData:PreviousEncryptionKey", Convert.ToBase64String(KeyA))), developmentStorage: false, out var usesDevelopmentKey);

        Assert.False(usesDevelopmentKey);
        Assert.Equal(new PersonalDataCipher(KeyB).KeyId, cipher.KeyId);
        Assert.Equal(Name, cipher.Open(new PersonalDataCipher(KeyA).Seal(Name)));
    }

    [Theory]
    [InlineData("PersonalData:EncryptionKey", "not base64 at all!")]
    [InlineData("PersonalData:EncryptionKey", "c2hvcnQ=")]
    [InlineData("PersonalData:PreviousEncryptionKey", "c2hvcnQ=")]
    public void FromConfiguration_KeyNotThirtyTwoBytesOfBase64_RefusesNamingTheSetting(string key, string value)
    {
        var settings = key.EndsWith("PreviousEncryptionKey", StringComparison.Ordinal)
            ? Settings(("PersonalData:EncryptionKey", Convert.ToBase64String(KeyA)), (key, value))
            : Settings((key, value));

        var error = Assert.Throws<AppSettingException>(() => PersonalDataCipher.FromConfiguration(settings, developmentStorage: true, out _));

        Assert.Equal(key.Replace(":", "__", StringComparison.Ordinal), error.Key);
    }

    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
