using System.IO.Compression;
using System.Text;

namespace IkmaWorkflow.Programmes.Documents;

/// <summary>
/// Refuses PDFs with active content: a PDF reader runs <c>/JavaScript</c> (<c>/JS</c>) actions, starts programs on
/// <c>/Launch</c>, and carries other files as <c>/EmbeddedFile</c> (<c>/EmbeddedFiles</c>) or <c>/RichMedia</c>.
/// </summary>
/// <remarks>
/// <para>
/// What is checked: the file is read as a PDF reader's lexer reads it (comments, literal and hex strings, names with
/// their <c>#xx</c> escapes decoded, stream data skipped by its <c>/Length</c> or up to <c>endstream</c>), and every
/// name outside strings is compared with the list above. Stream data is inflated (<see cref="ZLibStream"/>) where it
/// is zlib-compressed (<c>/FlateDecode</c>) and decompresses to text, which is how object streams
/// (<c>/Type /ObjStm</c>) hide dictionaries; its names are compared too. An encrypted PDF (<c>/Encrypt</c>) is
/// refused, since its object streams cannot be read; so is an object stream with a predictor or a filter other than
/// Flate, and a file that cannot be read to its end.
/// </para>
/// <para>
/// What is not: a stream whose <c>/Type</c> or <c>/Filter</c> is an indirect reference and which is compressed
/// with another filter than Flate (ASCII85, LZW and the like are not decoded); names inside strings; the content of
/// images and fonts. The check is about what a reader runs, not a full validation of the PDF.
/// </para>
/// </remarks>
public static class PdfActiveContent
{
    /// <summary>The most data the check inflates from one file: 256 MB.</summary>
    public const long MaxInflatedBytes = 256L * 1024 * 1024;

    private static readonly HashSet<string> ActiveNames = new(StringComparer.Ordinal) { "JavaScript", "JS", "Launch", "EmbeddedFile", "EmbeddedFiles", "RichMedia" };

    private static readonly HashSet<string> OtherFilters = new(StringComparer.Ordinal)
    {
        "ASCIIHexDecode", "AHx", "ASCII85Decode", "A85", "LZWDecode", "LZW", "RunLengthDecode", "RL", "Crypt",
        "CCITTFaxDecode", "CCF", "DCTDecode", "DCT", "JBIG2Decode", "JPXDecode",
    };

    /// <summary>The PDF as it is when it holds no active content, or why it is refused.</summary>
    public static ContentCheck Check(byte[] pdf)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        var reader = new Lexer(pdf);
        if (reader.Run() is { } refusal)
        {
            return new ContentCheck(null, [], refusal);
        }

        if (reader.Found.Count > 0)
        {
            var names = string.Join(", ", reader.Found.Select(n => "/" + n));
            return ContentCheck.Refused(
                $"The PDF holds active content ({names}), which can run scripts, start programs or carry other files when it is opened. Print it to a new PDF (Save as PDF) and send that.",
                $"PDF memuat konten aktif ({names}) yang dapat menjalankan skrip, membuka program, atau membawa berkas lain saat dibuka. Cetak ulang ke PDF baru (Simpan sebagai PDF) lalu kirim berkas itu.");
        }

        return reader.Encrypted
            ? ContentCheck.Refused(
                "The PDF is encrypted (/Encrypt), so it cannot be checked for scripts. Remove its password or protection (print it to a new PDF) and send it again.",
                "PDF terenkripsi (/Encrypt) sehingga tidak dapat diperiksa dari skrip. Hapus kata sandi atau proteksinya (cetak ulang ke PDF baru) lalu kirim ulang.")
            : new ContentCheck(pdf, [], null);
    }

    private static bool IsWhiteSpace(byte b) => b is 0 or 9 or 10 or 12 or 13 or 32;

    private static bool IsDelimiter(byte b) => b is (byte)'(' or (byte)')' or (byte)'<' or (byte)'>' or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}' or (byte)'/' or (byte)'%';

    private static bool IsRegular(byte b) => !IsWhiteSpace(b) && !IsDelimiter(b);

    // A name's bytes with #xx escapes decoded, as text (Latin-1, one char per byte).
    private static string DecodeName(ReadOnlySpan<byte> raw)
    {
        var text = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '#' && i + 2 < raw.Length && Uri.IsHexDigit((char)raw[i + 1]) && Uri.IsHexDigit((char)raw[i + 2]))
            {
                text.Append((char)Convert.ToByte(Encoding.ASCII.GetString(raw.Slice(i + 1, 2)), 16));
                i += 2;
            }
            else
            {
                text.Append((char)raw[i]);
            }
        }

        return text.ToString();
    }

    private static bool LooksLikeZlib(ReadOnlySpan<byte> data) =>
        data.Length >= 2 && (data[0] & 0x0F) == 8 && (data[0] >> 4) <= 7 && (((data[0] << 8) | data[1]) % 31) == 0;

    // Text as object streams and content streams are: printable ASCII and white space.
    private static bool IsTextual(ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            if (b is not (9 or 10 or 12 or 13) && b is < 32 or > 126)
            {
                return false;
            }
        }

        return true;
    }

    private static FileRefusal Unreadable(string english, string indonesian, long at) => new(
        $"The PDF cannot be read to its end to check it for scripts: {english} (at byte {at}). It may be cut off or damaged.",
        $"PDF tidak dapat dibaca sampai akhir untuk diperiksa dari skrip: {indonesian} (pada byte {at}). Berkas mungkin terpotong atau rusak.");

    // Reads the file as tokens, the way a PDF reader's lexer does.
    private sealed class Lexer(byte[] pdf)
    {
        private readonly List<string> _objectNames = [];
        private long _inflated;
        private long? _length;
        private int _lengthAge = -1;

        public SortedSet<string> Found { get; } = new(StringComparer.Ordinal);

        public bool Encrypted { get; private set; }

        public FileRefusal? Run()
        {
            var i = 0;
            while (i < pdf.Length)
            {
                var b = pdf[i];
                if (IsWhiteSpace(b) || b is (byte)'>' or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}' or (byte)')')
                {
                    i++;
                }
                else if (b == '%')
                {
                    while (i < pdf.Length && pdf[i] is not (10 or 13))
                    {
                        i++;
                    }
                }
                else if (b == '(')
                {
                    i = SkipString(i);
                    if (i < 0)
                    {
                        return Unreadable("a string is never closed", "sebuah string tidak pernah ditutup", pdf.Length);
                    }
                }
                else if (b == '<')
                {
                    if (i + 1 < pdf.Length && pdf[i + 1] == '<')
                    {
                        i += 2;
                        continue;
                    }

                    var close = Array.IndexOf(pdf, (byte)'>', i);
                    if (close < 0)
                    {
                        return Unreadable("a hex string is never closed", "sebuah string heksadesimal tidak pernah ditutup", i);
                    }

                    i = close + 1;
                }
                else
                {
                    var start = b == '/' ? i + 1 : i;
                    var end = start;
                    while (end < pdf.Length && IsRegular(pdf[end]))
                    {
                        end++;
                    }

                    var token = pdf.AsSpan(start, end - start);
                    i = Math.Max(end, i + 1);
                    if (b == '/')
                    {
                        Name(DecodeName(token));
                    }
                    else if (token.SequenceEqual("stream"u8))
                    {
                        var (next, refusal) = Stream(i);
                        if (refusal is not null)
                        {
                            return refusal;
                        }

                        i = next;
                    }
                    else
                    {
                        Keyword(token);
                    }
                }
            }

            return null;
        }

        private void Name(string name)
        {
            _objectNames.Add(name);
            Age();
            if (ActiveNames.Contains(name))
            {
                Found.Add(name);
            }

            Encrypted |= name == "Encrypt";
            if (name == "Length")
            {
                _lengthAge = 0;
                _length = null;
            }
        }

        // Tracks "/Length n" (direct) against "/Length n 0 R" (indirect: the length is elsewhere, so endstream decides).
        private void Keyword(ReadOnlySpan<byte> token)
        {
            if (_lengthAge == 0 && long.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value))
            {
                _length = value;
            }
            else if (_lengthAge == 2 && token.SequenceEqual("R"u8))
            {
                _length = null;
            }
            else if (token.SequenceEqual("obj"u8))
            {
                _objectNames.Clear();
                _length = null;
            }

            Age();
        }

        private void Age() => _lengthAge = _lengthAge < 0 ? -1 : _lengthAge + 1;

        private int SkipString(int i)
        {
            var depth = 0;
            for (; i < pdf.Length; i++)
            {
                switch (pdf[i])
                {
                    case (byte)'\\':
                        i++;
                        break;
                    case (byte)'(':
                        depth++;
                        break;
                    case (byte)')' when --depth == 0:
                        return i + 1;
                }
            }

            return -1;
        }

        // The stream's data starts after the end of line that follows "stream" and ends at its direct /Length when
        // "endstream" is found there, else at the next "endstream".
        private (int Next, FileRefusal? Refusal) Stream(int i)
        {
            var start = i < pdf.Length && pdf[i] == '\r' ? i + 1 : i;
            start = start < pdf.Length && pdf[start] == '\n' ? start + 1 : start;
            int end;
            if (_length is { } length && length <= pdf.Length - start && AtEndStream(start + (int)length))
            {
                end = start + (int)length;
            }
            else
            {
                end = pdf.AsSpan(start).IndexOf("endstream"u8);
                if (end < 0)
                {
                    return (0, Unreadable("a stream never ends (no endstream)", "sebuah stream tidak pernah berakhir (tanpa endstream)", start));
                }

                end += start;
            }

            var refusal = Inspect(start, end);
            _objectNames.Clear();
            _length = null;
            _lengthAge = -1;
            var next = pdf.AsSpan(end).IndexOf("endstream"u8);
            return (next < 0 ? pdf.Length : end + next + "endstream".Length, refusal);
        }

        private bool AtEndStream(int at)
        {
            while (at < pdf.Length && IsWhiteSpace(pdf[at]))
            {
                at++;
            }

            return pdf.AsSpan(at).StartsWith("endstream"u8);
        }

        // Object streams must be readable; any zlib stream that inflates to text is read for names as well.
        private FileRefusal? Inspect(int start, int end)
        {
            var objectStream = _objectNames.Contains("ObjStm");
            if (objectStream && _objectNames.Contains("Predictor"))
            {
                return Unreadable("an object stream uses a predictor, which the check does not undo", "sebuah object stream memakai predictor yang tidak diurai pemeriksaan", start);
            }

            if (objectStream && _objectNames.FirstOrDefault(OtherFilters.Contains) is { } filter)
            {
                return Unreadable($"an object stream is encoded with /{filter}, which the check does not decode", $"sebuah object stream dikodekan dengan /{filter} yang tidak diurai pemeriksaan", start);
            }

            var data = pdf.AsSpan(start, end - start);
            if (!LooksLikeZlib(data))
            {
                if (objectStream)
                {
                    ScanNames(data);
                }

                return null;
            }

            try
            {
                using var inflate = new ZLibStream(new MemoryStream(pdf, start, end - start, writable: false), CompressionMode.Decompress);
                var buffer = new byte[64 * 1024];
                var scanner = new NameScanner(Found);
                var first = true;
                int read;
                while ((read = inflate.Read(buffer)) > 0)
                {
                    if (first && !IsTextual(buffer.AsSpan(0, Math.Min(read, 256))))
                    {
                        return objectStream
                            ? Unreadable("an object stream does not decompress to PDF objects", "sebuah object stream tidak terurai menjadi objek PDF", start)
                            : null;
                    }

                    first = false;
                    _inflated += read;
                    if (_inflated > MaxInflatedBytes)
                    {
                        return new FileRefusal(
                            $"The PDF's compressed content unpacks to more than {MaxInflatedBytes / (1024 * 1024)} MB, too much to check for scripts.",
                            $"Isi terkompresi PDF terurai menjadi lebih dari {MaxInflatedBytes / (1024 * 1024)} MB, terlalu besar untuk diperiksa dari skrip.");
                    }

                    scanner.Feed(buffer.AsSpan(0, read));
                }

                scanner.End();
                return null;
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException)
            {
                // Not deflate data after all (a zlib-looking header by chance), or a broken stream (ZLibException).
                return objectStream ? Unreadable("an object stream cannot be decompressed", "sebuah object stream tidak dapat diurai", start) : null;
            }
        }

        private void ScanNames(ReadOnlySpan<byte> data)
        {
            var scanner = new NameScanner(Found);
            scanner.Feed(data);
            scanner.End();
        }
    }

    // Collects the active names in data fed in pieces (a name may span two pieces); strings are not skipped, so a name
    // inside one counts too.
    private sealed class NameScanner(SortedSet<string> found)
    {
        private const int LongestName = 128;
        private readonly List<byte> _name = [];
        private bool _inName;

        public void Feed(ReadOnlySpan<byte> data)
        {
            foreach (var b in data)
            {
                if (_inName && IsRegular(b))
                {
                    if (_name.Count < LongestName)
                    {
                        _name.Add(b);
                    }

                    continue;
                }

                if (_inName)
                {
                    End();
                }

                if (b == '/')
                {
                    _inName = true;
                    _name.Clear();
                }
            }
        }

        public void End()
        {
            if (_inName && DecodeName([.. _name]) is var name && ActiveNames.Contains(name))
            {
                found.Add(name);
            }

            _inName = false;
        }
    }
}
