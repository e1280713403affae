using System.Text.Json;
using IkmaWorkflow.Programmes.Forms;

namespace IkmaWorkflow.Programmes.Tests.Forms;

/// <summary><see cref="FormReader"/>: a field the form never asks for, or gives twice, is named; dates and text are held to what a form can mean.</summary>
public sealed class FormReaderTests
{
    [Fact]
    public void Errors_FieldTheFormNeverAskedFor_NamedWithTheFieldsItHas()
    {
        var form = FormReader.For(Json("""{"title":"Bimtek","titel":"Bimtek"}"""));

        _ = form.Text("title");
        _ = form.Text("venue", required: false);

        var error = Assert.Single(form.Errors);
        Assert.Equal("titel", error.Field);
        Assert.Equal("This form has no field 'titel'; its fields are: title, venue.", error.English);
        Assert.Contains("tidak memiliki isian 'titel'", error.Indonesian, StringComparison.Ordinal);
        Assert.False(form.IsValid);
    }

    [Fact]
    public void Errors_UnknownFieldOfANestedObject_NamedByItsPath()
    {
        var form = FormReader.For(Json("""{"tracks":[{"code":"batik"},{"code":"tenun","quotaa":5}]}"""));

        _ = form.Objects("tracks", t => t.Text("code"));

        Assert.Equal(["tracks[1].quotaa"], form.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Errors_EveryFieldAsked_NoneReported()
    {
        var form = FormReader.For(Json("""{"title":"Bimtek","VENUE":"BLK"}"""));

        _ = form.Text("title");
        _ = form.Text("venue", required: false);

        Assert.True(form.IsValid);
    }

    [Theory]
    [InlineData("""{"title":"Satu","title":"Dua"}""", "'title', 'title'")]
    [InlineData("""{"title":"Satu","TITLE":"Dua"}""", "'title', 'TITLE'")]
    public void Text_FieldGivenTwice_RefusedNamingBothSpellings(string json, string spellings)
    {
        var form = FormReader.For(Json(json));

        var title = form.Text("title");

        Assert.Null(title);
        var error = Assert.Single(form.Errors);
        Assert.Equal("title", error.Field);
        Assert.Equal($"Is given 2 times ({spellings}); give it once.", error.English);
    }

    [Theory]
    [InlineData("1900-01-01", false)]
    [InlineData("1999-12-31", false)]
    [InlineData("2000-01-01", true)]
    [InlineData("2100-12-31", true)]
    [InlineData("2200-01-31", false)]
    public void Date_OutsideThePlausibleYears_RefusedAsATypingError(string date, bool accepted)
    {
        var form = FormReader.For(Json($$"""{"letterDate":"{{date}}"}"""));

        var read = form.Date("letterDate");

        Assert.Equal(accepted, read is not null);
        Assert.Equal(accepted, form.IsValid);
        if (!accepted)
        {
            Assert.Equal($"{date} is outside 2000-01-01 to 2100-12-31; check the year.", Assert.Single(form.Errors).English);
        }
    }

    [Fact]
    public void Date_RangeOfTheField_TakesPrecedence()
    {
        var form = FormReader.For(Json("""{"closedOn":"2024-08-10"}"""));

        var read = form.Date("closedOn", earliest: new DateOnly(2024, 8, 1), latest: new DateOnly(2024, 8, 9));

        Assert.Null(read);
        Assert.Equal("2024-08-10 is outside 2024-08-01 to 2024-08-09; check the year.", Assert.Single(form.Errors).English);
    }

    [Theory]
    [InlineData("1900-01", false)]
    [InlineData("2025-02", true)]
    [InlineData("2101-01", false)]
    public void Month_OutsideThePlausibleYears_Refused(string month, bool accepted)
    {
        var form = FormReader.For(Json($$"""{"expectedReleaseMonth":"{{month}}"}"""));

        Assert.Equal(accepted, form.Month("expectedReleaseMonth") is not null);
    }

    [Theory]
    [InlineData("B-535/\u202E3.AMKI/IND", "U+202E")] // right-to-left override
    [InlineData("B-535/\u2066IKMA.3\u2069/IND", "U+2066")] // left-to-right isolate
    [InlineData("B-535/\u200FIKMA", "U+200F")] // right-to-left mark
    [InlineData("B-535\u0007", "U+0007")] // a bell: a control character
    [InlineData("B-535\u2028IKMA", "U+2028")] // a line separator
    [InlineData("B-535\uFFFD", "U+FFFD")] // what bytes that were not UTF-8 became
    public void Text_InvisibleOrControlCharacter_RefusedNamingIt(string number, string codePoint)
    {
        var form = FormReader.For(JsonSerializer.SerializeToElement(new { number }));

        var read = form.Text("number");

        Assert.Null(read);
        var error = Assert.Single(form.Errors);
        Assert.Equal("number", error.Field);
        Assert.Contains($"({codePoint})", error.English, StringComparison.Ordinal);
        Assert.Contains($"({codePoint})", error.Indonesian, StringComparison.Ordinal);
    }

    [Fact]
    public void TextList_ItemWithABidiControl_RefusedNamingTheItem()
    {
        var form = FormReader.For(JsonSerializer.SerializeToElement(new { trainers = new[] { "Instruktur YBI", "Bu \u202ESiti" } }));

        _ = form.TextList("trainers");

        Assert.Equal(["trainers[1]"], form.Errors.Select(e => e.Field));
    }

    [Theory]
    [InlineData("ltr/1", "'/'")]
    [InlineData("ltr\\1", "'\\'")]
    [InlineData("ltr#1", "'#'")]
    [InlineData("ltr?1", "'?'")]
    [InlineData("ltr%2F1", "'/' (written %2F)")]
    public void Id_CharacterNoIdHas_RefusedNamingIt(string id, string shown)
    {
        var form = FormReader.For(JsonSerializer.SerializeToElement(new { letterId = id }));

        var read = form.Id("letterId");

        Assert.Null(read);
        Assert.Contains($"and {shown} is none of them", Assert.Single(form.Errors).English, StringComparison.Ordinal);
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
