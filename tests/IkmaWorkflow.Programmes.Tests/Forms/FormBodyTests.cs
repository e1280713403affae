using System.Text;
using IkmaWorkflow.Programmes.Forms;

namespace IkmaWorkflow.Programmes.Tests.Forms;

/// <summary><see cref="FormBody.Parse(ReadOnlyMemory{byte})"/>: bytes that are not UTF-8 or text that is not Unicode are refused, never stored with replacement characters.</summary>
public sealed class FormBodyTests
{
    [Fact]
    public void Parse_BytesThatAreNotUtf8_UnreadableNamingTheOffset()
    {
        byte[] body = [.. Encoding.UTF8.GetBytes("""{"number":"B-5"""), 0xC3, (byte)'(', .. Encoding.UTF8.GetBytes("\"}")];

        var (_, problem) = FormBody.Parse(body);

        Assert.Equal(("unreadable-body", ProblemKind.Invalid), (problem!.Name, problem.Kind));
        Assert.Contains("not UTF-8: the bytes at offset 14", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("bukan UTF-8", problem.DetailIndonesian, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LoneSurrogateEscape_InvalidNamingTheField()
    {
        var (_, problem) = FormBody.Parse(Encoding.UTF8.GetBytes("""{"tracks":[{"name":"Batik\ud800"}],"ok":"\ud83d\ude00"}"""));

        Assert.Equal("invalid-submission", problem!.Name);
        var errors = (Dictionary<string, string[]>)problem.Members.Single(m => m.Key == "errors").Value!;
        Assert.Equal(["tracks[0].name"], errors.Keys);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \r\n")]
    public void Parse_Empty_Unreadable(string body)
    {
        var (_, problem) = FormBody.Parse(Encoding.UTF8.GetBytes(body));

        Assert.Contains("The body is empty.", problem!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Utf8WithLettersOfOtherScripts_Accepted()
    {
        var (json, problem) = FormBody.Parse(Encoding.UTF8.GetBytes("""{"fullName":"Ni Luh Putu Ayu Đặng"}"""));

        Assert.Null(problem);
        Assert.Equal("Ni Luh Putu Ayu Đặng", json.GetProperty("fullName").GetString());
    }
}
