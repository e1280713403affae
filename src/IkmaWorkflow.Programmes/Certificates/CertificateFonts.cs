using SkiaSharp;

namespace IkmaWorkflow.Programmes.Certificates;

/// <summary>The DejaVu Serif faces embedded in this assembly (Certificates/Fonts, licence beside them).</summary>
/// <remarks>Loaded from the assembly, never from the system, so every machine renders the same glyphs.</remarks>
internal static class CertificateFonts
{
    private static readonly Lazy<SKTypeface> RegularFace = new(() => Load("DejaVuSerif.ttf"));
    private static readonly Lazy<SKTypeface> BoldFace = new(() => Load("DejaVuSerif-Bold.ttf"));
    private static readonly Lazy<SKTypeface> ItalicFace = new(() => Load("DejaVuSerif-Italic.ttf"));

    /// <summary>Indonesian body text.</summary>
    public static SKTypeface Regular => RegularFace.Value;

    /// <summary>Headings and the holder's name.</summary>
    public static SKTypeface Bold => BoldFace.Value;

    /// <summary>English text under the Indonesian.</summary>
    public static SKTypeface Italic => ItalicFace.Value;

    private static SKTypeface Load(string fileName)
    {
        var resource = $"IkmaWorkflow.Programmes.Certificates.Fonts.{fileName}";
        using var stream = typeof(CertificateFonts).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded font resource '{resource}' is missing from the assembly.");
        using var data = SKData.Create(stream);
        return SKTypeface.FromData(data)
            ?? throw new InvalidOperationException($"The embedded font resource '{resource}' is not a font SkiaSharp can read.");
    }
}
