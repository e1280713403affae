using System.Globalization;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>
/// One page request as the pages see it: the language (Indonesian unless English was chosen), the person signed in
/// (none on the sign-in pages), and the anti-forgery token its forms carry. Dates and numbers are written the
/// language's way, times in WIB.
/// </summary>
public sealed class PageContext
{
    // Written out rather than taken from the id-ID culture, so numbers read the same whatever the machine's ICU data.
    private static readonly NumberFormatInfo Indonesian = new() { NumberGroupSeparator = ".", NumberDecimalSeparator = "," };

    internal PageContext(HttpRequest request, bool english, PersonSession? session, string formToken, TimeProvider time)
    {
        Request = request;
        English = english;
        Session = session;
        FormToken = formToken;
        Today = DateText.TodayInWib(time);
    }

    /// <summary>The request.</summary>
    public HttpRequest Request { get; }

    /// <summary>Whether the page is in English; Indonesian otherwise.</summary>
    public bool English { get; }

    /// <summary>The page's <c>lang</c>: <c>id</c> or <c>en</c>.</summary>
    public string Lang => English ? "en" : "id";

    /// <summary>The person signed in, or none.</summary>
    public PersonSession? Session { get; }

    /// <summary>The person signed in; only for pages that need one.</summary>
    public PersonSession Person => Session ?? throw new InvalidOperationException("This page needs a signed-in person.");

    /// <summary>The anti-forgery token of this page's forms.</summary>
    public string FormToken { get; }

    /// <summary>Today in WIB, on the app's clock.</summary>
    public DateOnly Today { get; }

    /// <summary>The text in the page's language.</summary>
    public string T(string indonesian, string english) => English ? english : indonesian;

    /// <summary>A date: <c>7 September 2024</c> in either language.</summary>
    public string Date(DateOnly date) => English ? WibText.English(date) : WibText.Indonesian(date);

    /// <summary>A stored <c>yyyy-MM-dd</c> date, or a dash.</summary>
    public string Date(string? stored) => stored is null ? "–" : Date(DateText.Parse(stored));

    /// <summary>A day with its weekday: <c>Sabtu, 7 September 2024</c>.</summary>
    public string Day(DateOnly date) => $"{(English ? date.DayOfWeek.ToString() : IndonesianDays[(int)date.DayOfWeek])}, {Date(date)}";

    /// <summary>An instant in WIB: <c>7 September 2024 10.00 WIB</c> (Indonesian), <c>7 September 2024, 10:00 WIB</c> (English).</summary>
    public string Time(DateTimeOffset instant) => English ? WibText.English(instant) : WibText.Indonesian(instant);

    /// <summary>A whole number: <c>1.234</c> in Indonesian, <c>1,234</c> in English.</summary>
    public string Number(long number) => number.ToString("N0", English ? CultureInfo.InvariantCulture : Indonesian);

    /// <summary>A number with decimals: <c>12,5</c> in Indonesian, <c>12.5</c> in English.</summary>
    public string Number(double number, int decimals) => number.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), English ? CultureInfo.InvariantCulture : Indonesian);

    /// <summary>A file size: <c>1,2 MB</c>.</summary>
    public string Size(long bytes) => bytes switch
    {
        < 1024 => $"{Number(bytes)} B",
        < 1024 * 1024 => $"{Number(bytes / 1024.0, 0)} KB",
        _ => $"{Number(bytes / (1024.0 * 1024), 1)} MB",
    };

    private static readonly string[] IndonesianDays = ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"];
}
