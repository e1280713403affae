using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Xunit;

namespace IkmaWorkflow.Testing;

/// <summary>
/// Looks inside PDFs with poppler-utils (pdftotext, pdftoppm, pdfinfo, pdffonts) and zbar-tools (zbarimg).
/// A missing tool fails the test with the package to install; nothing is skipped. Shared by the certificate renderer's
/// tests and the API tests that read issued certificates.
/// </summary>
public static partial class PdfTools
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The PDF's text in reading order, whitespace runs (line breaks included) collapsed to one space.</summary>
    public static string ExtractText(byte[] pdf) =>
        WithFile(pdf, path => Collapse(Run("pdftotext", "-enc", "UTF-8", path, "-")));

    /// <summary>Every word pdftotext finds, with its box in points (origin top left), and the page size.</summary>
    public static PdfWords ExtractWords(byte[] pdf) => WithFile(pdf, path =>
    {
        var html = Run("pdftotext", "-bbox", "-enc", "UTF-8", path, "-");
        var page = PageRegex().Match(html);
        Assert.True(page.Success, $"pdftotext -bbox printed no <page> element:\n{html}");
        Assert.Single(PageRegex().Matches(html));
        var words = WordRegex().Matches(html)
            .Select(m => new PdfWord(
                WebUtility.HtmlDecode(m.Groups["text"].Value),
                Number(m.Groups["xMin"].Value),
                Number(m.Groups["yMin"].Value),
                Number(m.Groups["xMax"].Value),
                Number(m.Groups["yMax"].Value)))
            .ToList();
        return new PdfWords(Number(page.Groups["width"].Value), Number(page.Groups["height"].Value), words);
    });

    /// <summary>Renders page 1 at 150 dpi and returns what zbarimg decodes from it (one symbol expected).</summary>
    public static string DecodeQrCode(byte[] pdf) => WithFile(pdf, path =>
    {
        var prefix = Path.Combine(Path.GetDirectoryName(path)!, "page");
        Run("pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", "-singlefile", path, prefix);
        return Run("zbarimg", "--raw", "-q", prefix + ".png").TrimEnd('\n');
    });

    /// <summary>pdfinfo's fields (Title, Producer, CreationDate, Pages, Page size …) with dates as ISO 8601.</summary>
    public static Dictionary<string, string> Info(byte[] pdf) => WithFile(pdf, path =>
        Run("pdfinfo", "-isodates", path)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim()));

    /// <summary>pdffonts' table rows: font name, type, embedded (yes/no).</summary>
    public static List<(string Name, string Type, bool Embedded)> Fonts(byte[] pdf) => WithFile(pdf, path =>
        Run("pdffonts", path)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Skip(2)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(cells => (cells[0], string.Join(' ', cells[1..^5]), cells[^5] == "yes"))
            .ToList());

    /// <summary>Runs a tool and returns its standard output; fails the test clearly if the tool is missing or fails.</summary>
    public static string Run(string tool, params string[] arguments)
    {
        var executable = FindOnPath(tool) ?? throw new InvalidOperationException(
            $"'{tool}' is not installed, and the certificate tests need it to look inside the PDFs. " +
            "Install Debian's poppler-utils and zbar-tools (apt-get install poppler-utils zbar-tools); .ci/run does.");

        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(ToolTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{tool} {string.Join(' ', arguments)}' did not finish within {ToolTimeout}.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{tool} {string.Join(' ', arguments)}' exited with code {process.ExitCode}: {error.Result}{output.Result}");
        }

        return output.Result;
    }

    /// <summary>Collapses every run of whitespace to one space and trims.</summary>
    public static string Collapse(string text) => WhitespaceRegex().Replace(text, " ").Trim();

    private static string? FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, tool))
            .FirstOrDefault(File.Exists);

    private static T WithFile<T>(byte[] pdf, Func<string, T> action)
    {
        var directory = Directory.CreateTempSubdirectory("ikma-certificate-");
        try
        {
            var path = Path.Combine(directory.FullName, "certificate.pdf");
            File.WriteAllBytes(path, pdf);
            return action(path);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    [GeneratedRegex("""<page width="(?<width>[0-9.]+)" height="(?<height>[0-9.]+)">""")]
    private static partial Regex PageRegex();

    [GeneratedRegex("""<word xMin="(?<xMin>[0-9.-]+)" yMin="(?<yMin>[0-9.-]+)" xMax="(?<xMax>[0-9.-]+)" yMax="(?<yMax>[0-9.-]+)">(?<text>[^<]*)</word>""")]
    private static partial Regex WordRegex();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRegex();
}

/// <summary>One word pdftotext found, with its box in points from the page's top left corner.</summary>
public sealed record PdfWord(string Text, double XMin, double YMin, double XMax, double YMax);

/// <summary>The words on a one-page PDF and the page's size in points.</summary>
public sealed record PdfWords(double PageWidth, double PageHeight, IReadOnlyList<PdfWord> Words);
