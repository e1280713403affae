using System.Security.Cryptography;
using System.Text;

namespace IkmaWorkflow.Programmes.Storage;

/// <summary>
/// New record ids: a short prefix and ten characters from an alphabet without look-alikes. They are random, except
/// while a form runs under <see cref="DeriveFrom"/>: then the n-th id of each prefix is derived from the submission,
/// so a form run again after an interrupted attempt gives its records the same ids, and cannot store them twice.
/// </summary>
public static class RecordId
{
    private const string Alphabet = "23456789abcdefghjkmnpqrstuvwxyz";
    private const int Length = 10;

    private static readonly AsyncLocal<DerivedIds?> Derived = new();

    /// <summary>A new id such as <c>prg-7k3q9x2mtd</c>.</summary>
    public static string New(string prefix) =>
        $"{prefix}-{(Derived.Value is { } derived ? derived.Next(prefix) : RandomNumberGenerator.GetString(Alphabet, Length))}";

    /// <summary>
    /// Until the result is disposed, <see cref="New"/> in this async flow gives ids derived from <paramref name="seed"/>
    /// (HMAC-SHA256 of the prefix and its count): the same seed and the same calls in the same order give the same ids.
    /// </summary>
    /// <param name="seed">What identifies the submission (at least 16 bytes, such as a SHA-256).</param>
    public static IDisposable DeriveFrom(byte[] seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentOutOfRangeException.ThrowIfLessThan(seed.Length, 16, nameof(seed));
        var scope = new DerivedIds(seed, Derived.Value);
        Derived.Value = scope;
        return scope;
    }

    private sealed class DerivedIds(byte[] seed, DerivedIds? outer) : IDisposable
    {
        private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

        public string Next(string prefix)
        {
            int count;
            lock (_counts)
            {
                count = _counts[prefix] = _counts.GetValueOrDefault(prefix) + 1;
            }

            // Rejection sampling keeps every character equally likely: only bytes below 248 (8 × 31) are used.
            var id = new StringBuilder(Length);
            for (var block = 0; id.Length < Length; block++)
            {
                foreach (var b in HMACSHA256.HashData(seed, Encoding.UTF8.GetBytes($"{prefix}\n{count}\n{block}")))
                {
                    if (b < 248 && id.Length < Length)
                    {
                        id.Append(Alphabet[b % Alphabet.Length]);
                    }
                }
            }

            return id.ToString();
        }

        public void Dispose() => Derived.Value = outer;
    }
}
