namespace IkmaWorkflow.FunctionApp.Api;

/// <summary>
/// A request body that can be read up to <c>maxBytes</c> and one byte more: that byte throws
/// <see cref="BodyTooLargeException"/>, so whatever reads the body (the idempotency hash, the multipart parser, the
/// CSV reader) stops at the form's limit, whether or not the request declared its length.
/// </summary>
internal sealed class LimitedBody(Stream inner, long maxBytes) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer[..Allowed(buffer.Length)]));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer[..Allowed(buffer.Length)], cancellationToken).ConfigureAwait(false));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    // Never asks for more than one byte past the limit.
    private int Allowed(int wanted) => (int)Math.Min(wanted, maxBytes - _read + 1);

    private int Count(int read)
    {
        _read += read;
        return _read > maxBytes ? throw new BodyTooLargeException(maxBytes) : read;
    }
}
