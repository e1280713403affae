using System.Text;
using IkmaWorkflow.FunctionApp.Api;
using IkmaWorkflow.Programmes.Forms;
using Microsoft.AspNetCore.Http;

namespace IkmaWorkflow.FunctionApp.Tests.Api;

/// <summary>
/// <see cref="FormBodies"/>: a body is read no further than its form's <see cref="BodyLimit"/> (refused at once when its
/// declared length is over, at the byte after the limit when it declares none), and a body it cannot read is a
/// problem, never an exception.
/// </summary>
public sealed class FormBodiesTests
{
    private const long TwentyFiveMegabytes = 25_000_000;

    [Fact]
    public void Limit_DeclaredLengthOverTheLimit_RefusedBeforeAByteIsRead()
    {
        var body = new EndlessBody(TwentyFiveMegabytes);
        var request = Request(body, "text/csv", TwentyFiveMegabytes);

        var problem = FormBodies.Limit(request, BodyLimit.Csv);

        Assert.Equal((ProblemKind.TooLarge, "body-too-large"), (problem!.Kind, problem.Name));
        Assert.Contains("The body has 25000000 bytes; this form takes at most 1114112 bytes: a CSV file of 1 MB (99 participants).", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(0, body.BytesRead);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("json")]
    [InlineData("document")]
    public async Task Limit_UndeclaredBodyOverTheLimit_ReadingStopsAtTheByteAfterIt(string form)
    {
        var limit = form switch { "csv" => BodyLimit.Csv, "json" => BodyLimit.Json, _ => BodyLimit.JsonWithDocument };
        var body = new EndlessBody(limit.MaxBytes * 4);
        var request = Request(body, "text/csv", declaredLength: null);

        Assert.Null(FormBodies.Limit(request, limit));
        var refused = await Assert.ThrowsAsync<BodyTooLargeException>(() => request.Body.CopyToAsync(Stream.Null));

        Assert.Equal(limit.MaxBytes + 1, body.BytesRead);
        Assert.Equal(ProblemKind.TooLarge, FormBodies.ProblemOf(refused, limit)!.Kind);
    }

    [Fact]
    public async Task Limit_BodyWithinTheLimit_ReadWhole()
    {
        var body = new EndlessBody(BodyLimit.Json.MaxBytes);
        var request = Request(body, "application/json", declaredLength: null);

        Assert.Null(FormBodies.Limit(request, BodyLimit.Json));
        await request.Body.CopyToAsync(Stream.Null);

        Assert.Equal(BodyLimit.Json.MaxBytes, body.BytesRead);
    }

    [Fact]
    public void ProblemOf_ExceptionNotAboutTheBody_Null()
    {
        Assert.Null(FormBodies.ProblemOf(new InvalidOperationException("storage"), BodyLimit.Json));
        Assert.Equal("unreadable-body", FormBodies.ProblemOf(new BadHttpRequestException("Unexpected end of request content."), BodyLimit.Json)!.Name);
    }

    [Theory]
    [InlineData("multipart/form-data", "--b\r\nContent-Disposition: form-data; name=\"data\"\r\n\r\n{}\r\n--b--\r\n", "names no boundary")]
    [InlineData("multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"data\"\r\n\r\n{}\r\n--b\r\nContent-Disposition: form-data; name=\"document\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.4 half", "ends before its closing boundary")]
    [InlineData("multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"data\"\r\n\r\n{}\r\n--b\r\nContent-Disposition: form-data; name=\"notes\"\r\n\r\nx\r\n--b--\r\n", "parts this form does not take: 'notes'")]
    [InlineData("multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"data\"\r\n\r\n{}\r\n--b\r\nContent-Disposition: form-data; name=\"data\"\r\n\r\n{}\r\n--b--\r\n", "gives 'data' more than once")]
    [InlineData("application/x-www-form-urlencoded", "data=%7B%7D", "is not accepted")]
    public async Task ReadAsync_MultipartItCannotRead_UnreadableBodyNotAnException(string contentType, string body, string reason)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var request = Request(new MemoryStream(bytes), contentType, bytes.Length);

        var (form, problem) = await FormBodies.ReadAsync(request, BodyLimit.JsonWithDocument, CancellationToken.None);

        Assert.Null(form);
        Assert.Equal("unreadable-body", problem!.Name);
        Assert.Contains(reason, problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_MultipartToAJsonOnlyForm_Refused()
    {
        var bytes = Encoding.UTF8.GetBytes("--b\r\nContent-Disposition: form-data; name=\"data\"\r\n\r\n{}\r\n--b--\r\n");

        var (_, problem) = await FormBodies.ReadAsync(Request(new MemoryStream(bytes), "multipart/form-data; boundary=b", bytes.Length), BodyLimit.Json, CancellationToken.None);

        Assert.Contains("takes JSON (application/json) only", problem!.Detail, StringComparison.Ordinal);
    }

    private static HttpRequest Request(Stream body, string contentType, long? declaredLength)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = contentType;
        context.Request.ContentLength = declaredLength;
        context.Request.Body = body;
        return context.Request;
    }
}
