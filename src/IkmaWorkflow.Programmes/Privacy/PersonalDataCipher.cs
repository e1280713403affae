using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace IkmaWorkflow.Programmes.Privacy;

/// <summary>
/// Seals names and contact details before they reach Table Storage, and files that print them (certificate PDFs)
/// before they reach Blob Storage, and opens them again (docs/personal-data.md, "Encryption"). AES-256-GCM with a
/// random 96-bit nonce per value; a sealed value is <c>v1:{key id}:{base64(nonce | ciphertext | tag)}</c>, the key
/// id being the first four bytes of the key's SHA-256 in hex, so a value names the key it needs. Values are written
/// with <c>PersonalData__EncryptionKey</c> and read with it or <c>PersonalData__PreviousEncryptionKey</c> (key
/// rotation). A stored value without the <c>v1:</c> prefix was written before encryption and is read as it is.
/// </summary>
public sealed class PersonalDataCipher
{
    /// <summary>The app setting holding the key: base64 of 32 random bytes (a Key Vault reference in Azure).</summary>
    public const string KeySetting = "PersonalData__EncryptionKey";

    /// <summary>The app setting holding the key before the last rotation, to read values it sealed; optional.</summary>
    public const string PreviousKeySetting = "PersonalData__PreviousEncryptionKey";

    /// <summary>The prefix of every sealed value.</summary>
    public const string Prefix = "v1:";

    /// <summary>The ASCII prefix of every sealed file (<see cref="SealFile"/>), followed by the key id and a colon.</summary>
    public const string FilePrefix = "ikma-sealed:v1:";

    private const int NonceSize = 12;
    private const int TagSize = 16;

    // A fixed key for development storage only (Azurite), never for an account in Azure: values sealed with it are
    // as good as clear text, and the app says so in a warning when it uses it.
    private static readonly byte[] DevelopmentKeyBytes = SHA256.HashData("IKMA Workflow development key, Azurite only"u8);

    private readonly Key _current;
    private readonly Key? _previous;

    /// <summary>Uses <paramref name="key"/> (32 bytes) to seal and open, and <paramref name="previousKey"/> (32 bytes) also to open.</summary>
    public PersonalDataCipher(byte[] key, byte[]? previousKey = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        _current = new Key(key, KeySetting);
        _previous = previousKey is null ? null : new Key(previousKey, PreviousKeySetting);
    }

    /// <summary>The cipher with the fixed development key, for Azurite and tests.</summary>
    public static PersonalDataCipher Development { get; } = new(DevelopmentKeyBytes);

    /// <summary>The id of the key values are sealed with (eight hex digits).</summary>
    public string KeyId => _current.Id;

    /// <summary>
    /// The cipher the settings ask for: <see cref="KeySetting"/> and <see cref="PreviousKeySetting"/>; without a key,
    /// the development key when <paramref name="developmentStorage"/> (then <paramref name="usesDevelopmentKey"/> is
    /// true, and the caller warns).
    /// </summary>
    /// <exception cref="AppSettingException">A key is not base64 of 32 bytes, or the key is missing on storage that is not development storage.</exception>
    public static PersonalDataCipher FromConfiguration(IConfiguration configuration, bool developmentStorage, out bool usesDevelopmentKey)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var key = ReadKey(configuration, KeySetting);
        var previous = ReadKey(configuration, PreviousKeySetting);
        usesDevelopmentKey = key is null;
        if (key is null && !developmentStorage)
        {
            throw new AppSettingException(KeySetting, "is not set. Names and contact details are encrypted with it: set it to base64 of 32 random bytes (openssl rand -base64 32), in Azure a Key Vault reference. Only development storage (UseDevelopmentStorage=true, Azurite) runs without it.");
        }

        return new PersonalDataCipher(key ?? DevelopmentKeyBytes, previous);
    }

    /// <summary>Whether a storage connection string (or its absence) is development storage: <c>UseDevelopmentStorage=true</c> or Azurite's account.</summary>
    public static bool IsDevelopmentStorage(string? connectionString, string? accountName)
    {
        if (!string.IsNullOrWhiteSpace(accountName))
        {
            return false;
        }

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return true;
        }

        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Any(p => p.Equals("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase) || p.Equals("AccountName=devstoreaccount1", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Seals <paramref name="value"/> with the current key; null stays null.</summary>
    public string? Seal(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var plain = Encoding.UTF8.GetBytes(value);
        var sealedBytes = new byte[NonceSize + plain.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(_current.Bytes, TagSize))
        {
            aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize, plain.Length), sealedBytes.AsSpan(NonceSize + plain.Length, TagSize));
        }

        return $"{Prefix}{_current.Id}:{Convert.ToBase64String(sealedBytes)}";
    }

    /// <summary>Seals a value that is never null.</summary>
    public string SealText(string value) => Seal(value ?? throw new ArgumentNullException(nameof(value)))!;

    /// <summary>
    /// Opens a stored value: a sealed one with the key it names, anything else (written before encryption) as it is;
    /// null stays null.
    /// </summary>
    /// <exception cref="PersonalDataKeyException">The value names a key that is not configured, or does not open with it (a wrong key, or a damaged value).</exception>
    public string? Open(string? stored)
    {
        if (stored is null || !stored.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return stored;
        }

        var rest = stored.AsSpan(Prefix.Length);
        var colon = rest.IndexOf(':');
        var id = colon < 0 ? string.Empty : rest[..colon].ToString();
        var key = KeyOf(id, "name or contact");

        byte[] sealedBytes;
        try
        {
            sealedBytes = Convert.FromBase64String(rest[(colon + 1)..].ToString());
        }
        catch (FormatException ex)
        {
            throw new PersonalDataKeyException($"A stored name or contact sealed with key id '{id}' is damaged (not base64).", ex);
        }

        if (sealedBytes.Length < NonceSize + TagSize)
        {
            throw new PersonalDataKeyException($"A stored name or contact sealed with key id '{id}' is damaged (too short).");
        }

        var plain = new byte[sealedBytes.Length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(key.Bytes, TagSize);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize, plain.Length), sealedBytes.AsSpan(NonceSize + plain.Length), plain);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new PersonalDataKeyException($"A stored name or contact does not open with {key.Setting} (key id '{id}'): the key is not the one it was sealed with, or the value was altered.", ex);
        }

        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>
    /// Seals a whole file (a certificate PDF) with the current key: <c>ikma-sealed:v1:{key id}:</c> in ASCII, then
    /// nonce | ciphertext | tag, the same AES-256-GCM as <see cref="Seal"/>.
    /// </summary>
    public byte[] SealFile(ReadOnlySpan<byte> plain)
    {
        var header = Encoding.ASCII.GetBytes($"{FilePrefix}{_current.Id}:");
        var sealedBytes = new byte[header.Length + NonceSize + plain.Length + TagSize];
        header.CopyTo(sealedBytes, 0);
        var nonce = sealedBytes.AsSpan(header.Length, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(_current.Bytes, TagSize))
        {
            aes.Encrypt(nonce, plain, sealedBytes.AsSpan(header.Length + NonceSize, plain.Length), sealedBytes.AsSpan(header.Length + NonceSize + plain.Length, TagSize));
        }

        return sealedBytes;
    }

    /// <summary>
    /// Opens a stored file: one sealed by <see cref="SealFile"/> with the key it names, anything else (a PDF stored
    /// before encryption, starting <c>%PDF</c>) as it is.
    /// </summary>
    /// <exception cref="PersonalDataKeyException">The file names a key that is not configured, or does not open with it (a wrong key, or a damaged file).</exception>
    public byte[] OpenFile(byte[] stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var prefix = Encoding.ASCII.GetBytes(FilePrefix);
        if (!stored.AsSpan().StartsWith(prefix))
        {
            return stored;
        }

        var rest = stored.AsSpan(prefix.Length);
        var colon = rest.IndexOf((byte)':');
        var id = colon is < 0 or > 16 ? string.Empty : Encoding.ASCII.GetString(rest[..colon]);
        var key = KeyOf(id, "file");
        var body = colon < 0 ? [] : rest[(colon + 1)..];
        if (body.Length < NonceSize + TagSize)
        {
            throw new PersonalDataKeyException($"A stored file sealed with key id '{id}' is damaged (too short).");
        }

        var plain = new byte[body.Length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(key.Bytes, TagSize);
            aes.Decrypt(body[..NonceSize], body.Slice(NonceSize, plain.Length), body[(NonceSize + plain.Length)..], plain);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new PersonalDataKeyException($"A stored file does not open with {key.Setting} (key id '{id}'): the key is not the one it was sealed with, or the file was altered.", ex);
        }

        return plain;
    }

    /// <summary>Opens a value that is never null (an empty string stays empty).</summary>
    public string OpenText(string stored) => Open(stored) ?? string.Empty;

    /// <summary>Whether <paramref name="stored"/> is sealed with the current key (false for clear text and for the previous key).</summary>
    public bool IsSealedWithCurrentKey(string? stored) => stored is not null && stored.StartsWith($"{Prefix}{_current.Id}:", StringComparison.Ordinal);

    /// <summary>
    /// The lookup hash of an email address under the current key: HMAC-SHA256 of the trimmed, lower-cased address,
    /// keyed by a key derived from the encryption key, in hex. Stored instead of the address wherever it is looked up.
    /// </summary>
    public string EmailHash(string email) => _current.EmailHash(email);

    /// <summary>The lookup hashes of <paramref name="email"/> under every configured key, the current key's first.</summary>
    public IReadOnlyList<string> EmailHashes(string email) =>
        _previous is null ? [_current.EmailHash(email)] : [_current.EmailHash(email), _previous.EmailHash(email)];

    private Key KeyOf(string id, string what) =>
        id == _current.Id ? _current
        : _previous is not null && id == _previous.Id ? _previous
        : throw new PersonalDataKeyException(
            $"A stored {what} was sealed with key id '{id}', but {KeySetting} has id '{_current.Id}'" +
            (_previous is null ? $" and {PreviousKeySetting} is not set" : $" and {PreviousKeySetting} has id '{_previous.Id}'") +
            ": set the key it was sealed with (after a rotation, as the previous key).");

    private static byte[]? ReadKey(IConfiguration configuration, string setting)
    {
        var text = configuration[setting.Replace("__", ":", StringComparison.Ordinal)];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            throw new AppSettingException(setting, "is not base64: write 32 random bytes in base64 (openssl rand -base64 32).");
        }

        return bytes.Length == 32 ? bytes : throw new AppSettingException(setting, $"holds {bytes.Length} bytes; an AES-256 key is 32 bytes (openssl rand -base64 32).");
    }

    private sealed class Key
    {
        private readonly byte[] _lookupKey;

        public Key(byte[] bytes, string setting)
        {
            if (bytes.Length != 32)
            {
                throw new ArgumentException($"An AES-256 key is 32 bytes, not {bytes.Length}.", nameof(bytes));
            }

            Bytes = bytes;
            Setting = setting;
            Id = Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 4));
            _lookupKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, bytes, 32, info: "IKMA email lookup"u8.ToArray());
        }

        public byte[] Bytes { get; }

        public string Setting { get; }

        public string Id { get; }

        public string EmailHash(string email) =>
            Convert.ToHexStringLower(HMACSHA256.HashData(_lookupKey, Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())));
    }
}

/// <summary>A stored name or contact cannot be opened: its key is not configured, or it does not open with it. The message says which setting to check.</summary>
public sealed class PersonalDataKeyException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PersonalDataKeyException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
