using System.Security.Cryptography;

namespace IkmaWorkflow.Programmes.Storage;

/// <summary>New record ids: a short prefix and ten random characters from an alphabet without look-alikes.</summary>
public static class RecordId
{
    private const string Alphabet = "23456789abcdefghjkmnpqrstuvwxyz";

    /// <summary>A new id such as <c>prg-7k3q9x2mtd</c>.</summary>
    public static string New(string prefix) => $"{prefix}-{RandomNumberGenerator.GetString(Alphabet, 10)}";
}
