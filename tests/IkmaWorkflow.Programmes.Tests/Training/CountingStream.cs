namespace IkmaWorkflow.Programmes.Tests.Training;

/// <summary>A read-only stream over bytes, or endless repeats of a line, that counts what its reader took.</summary>
internal sealed class CountingStream : Stream
{
    private readonly byte[] _content;
    private readonly long _length;
    private long _position;

    /// <summary>Exactly <paramref name="content"/>.</summary>
    public CountingStream(byte[] content)
        : this(content, content.Length)
    {
    }

    /// <summary><paramref name="header"/>, then <paramref name="line"/> over and over, <paramref name="length"/> bytes in all.</summary>
    public CountingStream(byte[] header, byte[] line, long length)
        : this([.. header, .. line], length)
    {
        Header = header.Length;
    }

    private CountingStream(byte[] content, long length)
    {
        _content = content;
        _length = length;
    }

    /// <summary>The bytes read so far.</summary>
    public long BytesRead => _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    private int Header { get; }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = 0;
        while (n < count && _position < _length)
        {
            var index = _position < _content.Length ? _position : Header + ((_position - Header) % (_content.Length - Header));
            buffer[offset + n++] = _content[index];
            _position++;
        }

        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
