using System.Text;

namespace IkmaWorkflow.Programmes.Notifications;

/// <summary>One language's part of an email: a heading, a lead sentence, labelled values and an optional list.</summary>
/// <param name="Heading">The heading.</param>
/// <param name="Lead">The sentence that says what happened.</param>
/// <param name="Fields">Labelled values, such as the programme and a due date.</param>
/// <param name="ListTitle">The title of <paramref name="List"/>.</param>
/// <param name="List">Items listed under the fields, such as certificate numbers; empty for none.</param>
/// <param name="Action">What the reader should do next; <see langword="null"/> for nothing.</param>
internal sealed record EmailSection(string Heading, string Lead, IReadOnlyList<EmailField> Fields, string? ListTitle, IReadOnlyList<string> List, string? Action);

/// <summary>A labelled value; a link is shown as its address in the text part and as a link in the HTML part.</summary>
internal sealed record EmailField(string Label, string Value, Uri? Link = null);

/// <summary>
/// Lays out every notification the same way: Indonesian first, then English, in a plain-text part and an HTML part.
/// Values reach the HTML only through <see cref="HtmlWriter"/>, which escapes them.
/// </summary>
internal static class EmailLayout
{
    private const string IndonesianFooter =
        "Email ini dikirim otomatis oleh IKMA Workflow, Direktorat Jenderal Industri Kecil, Menengah dan Aneka, Kementerian Perindustrian. Mohon tidak membalas email ini.";

    private const string EnglishFooter =
        "This email was sent automatically by IKMA Workflow, Directorate General of Small, Medium and Multifarious Industries, Ministry of Industry. Please do not reply to this email.";

    public static EmailContent Render(string kind, string indonesianSubject, string englishSubject, EmailSection indonesian, EmailSection english) =>
        new(kind, Subject(indonesianSubject, englishSubject), Text(indonesian, english), Html(indonesianSubject, indonesian, english));

    // One line: a header cannot carry a line break, and a value with one must not start a new header.
    private static string Subject(string indonesian, string english)
    {
        var subject = new StringBuilder($"[IKMA] {indonesian} / {english}");
        for (var i = 0; i < subject.Length; i++)
        {
            if (char.IsControl(subject[i]))
            {
                subject[i] = ' ';
            }
        }

        return subject.ToString();
    }

    private static string Text(EmailSection indonesian, EmailSection english)
    {
        var text = new StringBuilder();
        TextSection(text, indonesian, IndonesianFooter);
        text.Append('\n').Append(new string('-', 60)).Append("\nEnglish version\n\n");
        TextSection(text, english, EnglishFooter);
        return text.ToString();
    }

    private static void TextSection(StringBuilder text, EmailSection section, string footer)
    {
        text.Append(section.Heading).Append("\n\n").Append(section.Lead).Append("\n\n");
        var width = section.Fields.Max(f => f.Label.Length);
        foreach (var field in section.Fields)
        {
            text.Append((field.Label + ":").PadRight(width + 2)).Append(field.Link?.AbsoluteUri ?? field.Value).Append('\n');
        }

        if (section.List.Count > 0)
        {
            text.Append('\n').Append(section.ListTitle).Append(":\n");
            foreach (var item in section.List)
            {
                text.Append("- ").Append(item).Append('\n');
            }
        }

        if (section.Action is not null)
        {
            text.Append('\n').Append(section.Action).Append('\n');
        }

        text.Append('\n').Append(footer).Append('\n');
    }

    private static string Html(string title, EmailSection indonesian, EmailSection english)
    {
        var html = new HtmlWriter();
        html.Append($"<!DOCTYPE html>\n<html lang=\"id\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n</head>\n");
        html.Append($"<body style=\"font-family: Arial, Helvetica, sans-serif; font-size: 14px; color: #1a1a1a; line-height: 1.5;\">\n");
        HtmlSection(html, "id", indonesian, IndonesianFooter);
        html.Append($"<hr style=\"border: none; border-top: 1px solid #cccccc; margin: 24px 0;\">\n");
        HtmlSection(html, "en", english, EnglishFooter);
        html.Append($"</body>\n</html>\n");
        return html.ToString();
    }

    private static void HtmlSection(HtmlWriter html, string language, EmailSection section, string footer)
    {
        html.Append($"<div lang=\"{language}\">\n<h2 style=\"font-size: 18px;\">{section.Heading}</h2>\n<p>{section.Lead}</p>\n");
        html.Append($"<table style=\"border-collapse: collapse;\">\n");
        foreach (var field in section.Fields)
        {
            if (field.Link is { } link)
            {
                html.Append($"<tr><th style=\"text-align: left; padding: 2px 12px 2px 0; vertical-align: top;\">{field.Label}</th><td><a href=\"{link.AbsoluteUri}\">{field.Value}</a></td></tr>\n");
            }
            else
            {
                html.Append($"<tr><th style=\"text-align: left; padding: 2px 12px 2px 0; vertical-align: top;\">{field.Label}</th><td>{field.Value}</td></tr>\n");
            }
        }

        html.Append($"</table>\n");
        if (section.List.Count > 0)
        {
            html.Append($"<p>{section.ListTitle}:</p>\n<ul>\n");
            foreach (var item in section.List)
            {
                html.Append($"<li>{item}</li>\n");
            }

            html.Append($"</ul>\n");
        }

        if (section.Action is not null)
        {
            html.Append($"<p><strong>{section.Action}</strong></p>\n");
        }

        html.Append($"<p style=\"color: #666666; font-size: 12px;\">{footer}</p>\n</div>\n");
    }
}
