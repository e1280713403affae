using System.Text;

namespace IkmaWorkflow.Programmes.Training;

/// <summary>
/// Reads RFC 4180 CSV from a stream one record at a time, so a file is read only as far as its reader asks: comma or
/// semicolon separated (spreadsheets in Indonesian locales write semicolons; the header line decides), quoted cells may
/// hold separators, quotes and line breaks. The text must be UTF-8 (a byte-order mark is skipped); blank lines and
/// lines of empty cells are skipped.
/// </summary>
internal sealed class CsvReader : IDisposable
{
    private readonly StreamReader _reader;
    private readonly int _maxCellChars;
    private readonly char[] _buffer = new char[4096];
    private int _position;
    private int _length;
    private int _line = 1;
    private char? _separator;

    /// <summary>A reader of <paramref name="stream"/> that refuses a cell longer than <paramref name="maxCellChars"/>.</summary>
    public CsvReader(Stream stream, int maxCellChars)
    {
        _reader = new StreamReader(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false), detectEncodingFromByteOrderMarks: false, bufferSize: 4096, leaveOpen: true);
        _maxCellChars = maxCellChars;
    }

    /// <summary>Lets go of the decoder; the stream stays open (its owner closes it).</summary>
    public void Dispose() => _reader.Dispose();

    /// <summary>The next record and the line of the file it starts on; <see langword="null"/> at the end of the file.</summary>
    /// <exception cref="CsvFormatException">The file is not UTF-8 (or holds U+FFFD), a quoted cell is never closed, or a cell is too long.</exception>
    public async Task<(string[] Cells, int Line)?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var record = await ReadRecordAsync(cancellationToken).ConfigureAwait(false);
            if (record is null || record.Value.Cells.Any(c => c.Length > 0))
            {
                return record;
            }
        }
    }

    private async Task<(string[] Cells, int Line)?> ReadRecordAsync(CancellationToken cancellationToken)
    {
        if (!await FillAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        if (_separator is null)
        {
            if (_buffer[_position] == '\uFEFF')
            {
                _position++;
            }

            // The header line decides: the separator it holds more of.
            var end = Array.IndexOf(_buffer, '\n', _position, _length - _position);
            var header = _buffer.AsSpan(_position, (end < 0 ? _length : end) - _position);
            _separator = header.Count(';') > header.Count(',') ? ';' : ',';
        }

        var start = _line;
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        while (await FillAsync(cancellationToken).ConfigureAwait(false))
        {
            var c = _buffer[_position++];
            if (quoted)
            {
                if (c == '"')
                {
                    if (!await FillAsync(cancellationToken).ConfigureAwait(false) || _buffer[_position] != '"')
                    {
                        quoted = false;
                        continue;
                    }

                    _position++;
                }
                else if (c == '\n')
                {
                    _line++;
                }

                Append(cell, c, start);
            }
            else if (c == '"' && cell.Length == 0)
            {
                quoted = true;
            }
            else if (c == _separator)
            {
                cells.Add(cell.ToString().Trim());
                cell.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && await FillAsync(cancellationToken).ConfigureAwait(false) && _buffer[_position] == '\n')
                {
                    _position++;
                }

                _line++;
                cells.Add(cell.ToString().Trim());
                return ([.. cells], start);
            }
            else
            {
                Append(cell, c, start);
            }
        }

        if (quoted)
        {
            throw new CsvFormatException(start, $"the quoted cell that starts on line {start} is never closed", $"isian berkutip yang dimulai pada baris {start} tidak pernah ditutup");
        }

        cells.Add(cell.ToString().Trim());
        return ([.. cells], start);
    }

    private void Append(StringBuilder cell, char c, int line)
    {
        if (cell.Length == _maxCellChars)
        {
            throw new CsvFormatException(line, $"a cell on line {line} is longer than {_maxCellChars} characters", $"sebuah isian pada baris {line} lebih dari {_maxCellChars} karakter");
        }

        cell.Append(c);
    }

    // Whether a character is waiting in the buffer, reading more of the file when none is.
    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_position < _length)
        {
            return true;
        }

        _length = await _reader.ReadAsync(_buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
        _position = 0;

        // Bytes that are not UTF-8 decode to U+FFFD, which names the line they are on (a decoder that throws names
        // only the block it was decoding).
        var replaced = Array.IndexOf(_buffer, '\uFFFD', 0, _length);
        if (replaced >= 0)
        {
            var line = _line + _buffer.AsSpan(0, replaced).Count('\n');
            throw new CsvFormatException(line, $"line {line} is not UTF-8 text; save the file as \"CSV UTF-8\"", $"baris {line} bukan teks UTF-8; simpan berkas sebagai \"CSV UTF-8\"");
        }

        return _length > 0;
    }
}
