using System.Net;
using IkmaWorkflow.Programmes.ApiTests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IkmaWorkflow.Pages.Tests;

/// <summary>
/// What docs/pages.md claims of the pages' accessibility, measured in the browser on the main pages: every field has a
/// name and its hints and errors exist, <c>lang</c> is the language chosen, text is at WCAG AA contrast, every element
/// reached by Tab shows a focus ring of at least 2 px, and a form can be filled and sent with the keyboard alone.
/// </summary>
public sealed class AccessibilityTests(PagesFixture fixture) : IClassFixture<PagesFixture>
{
    // The in-page checks: one string per failure, naming the element and the value measured.
    private const string Audit = """
        (lang) => {
          const failures = [];
          const describe = el => `<${el.tagName.toLowerCase()}${el.id ? ' id="' + el.id + '"' : ''}${el.getAttribute('name') ? ' name="' + el.getAttribute('name') + '"' : ''}> "${(el.innerText || el.value || '').trim().replace(/\s+/g, ' ').slice(0, 50)}"`;
          const visible = el => { const s = getComputedStyle(el); const r = el.getBoundingClientRect(); return s.visibility !== 'hidden' && s.display !== 'none' && r.width > 1 && r.height > 1; };
          const textOf = ids => ids.split(/\s+/).filter(Boolean).map(id => document.getElementById(id)?.textContent ?? '').join(' ').trim();

          const htmlLang = document.documentElement.getAttribute('lang');
          if (htmlLang !== lang) failures.push(`<html lang="${htmlLang}">, expected "${lang}"`);

          for (const el of document.querySelectorAll('input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea')) {
            if (!visible(el) && el.type !== 'file') continue;
            const name = (el.getAttribute('aria-label') ?? '').trim()
              || textOf(el.getAttribute('aria-labelledby') ?? '')
              || [...el.labels].map(l => l.textContent).join(' ').trim();
            if (!name) failures.push(`${describe(el)} has no accessible name (no label for it, no aria-label/aria-labelledby)`);
            for (const attribute of ['aria-describedby', 'aria-labelledby']) {
              for (const id of (el.getAttribute(attribute) ?? '').split(/\s+/).filter(Boolean)) {
                if (!document.getElementById(id)) failures.push(`${describe(el)} ${attribute} points at "${id}", which no element has`);
              }
            }
          }
          const described = new Set([...document.querySelectorAll('[aria-describedby]')].flatMap(el => el.getAttribute('aria-describedby').split(/\s+/)));
          // A hint or error with text of its own (not a button's) must be named by its field's aria-describedby.
          for (const note of document.querySelectorAll('form .hint, form .error')) {
            if (![...note.childNodes].some(n => (n.nodeType === Node.TEXT_NODE || n.tagName === 'SPAN') && n.textContent.trim())) continue;
            if (!note.id || !described.has(note.id)) failures.push(`${describe(note)} is tied to no field (no aria-describedby names its id "${note.id}")`);
          }
          for (const label of document.querySelectorAll('label[for]')) {
            if (!document.getElementById(label.htmlFor)) failures.push(`${describe(label)} is for "${label.htmlFor}", which no element has`);
          }

          const rgba = text => { const m = text.match(/rgba?\(([^)]+)\)/); if (!m) return null; const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
          const over = (top, under) => ({ r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a), b: top.b * top.a + under.b * (1 - top.a), a: 1 });
          const background = el => {
            const layers = [];
            for (let e = el; e; e = e.parentElement) {
              const c = rgba(getComputedStyle(e).backgroundColor);
              if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
            }
            return layers.reverse().reduce((under, top) => over(top, under), { r: 255, g: 255, b: 255, a: 1 });
          };
          const luminance = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
          let texts = 0;
          for (const el of document.body.querySelectorAll('*')) {
            if (el.closest('svg, script, style, noscript, option, [disabled]')) continue;
            const own = [...el.childNodes].filter(n => n.nodeType === Node.TEXT_NODE).map(n => n.textContent).join('').trim();
            if (!own || !visible(el)) continue;
            const s = getComputedStyle(el);
            let colour = rgba(s.color);
            let opacity = 1;
            for (let e = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
            const back = background(el);
            colour = over({ ...colour, a: colour.a * opacity }, back);
            const [light, dark] = [luminance(colour), luminance(back)].sort((x, y) => y - x);
            const ratio = (light + 0.05) / (dark + 0.05);
            const size = parseFloat(s.fontSize);
            const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
            const needed = large ? 3 : 4.5;
            texts++;
            if (ratio < needed) failures.push(`${describe(el)} contrast ${ratio.toFixed(2)}:1 (color ${s.color} on ${JSON.stringify(back)}, ${size}px), needs ${needed}:1`);
          }
          if (texts === 0) failures.push('no text to measure the contrast of');
          return failures;
        }
        """;

    // Records how every focusable element looks unfocused, before the first Tab.
    private const string RecordUnfocused = """
        () => {
          window.__unfocused = new WeakMap();
          window.__seen = new WeakSet();
          for (const el of document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')) {
            const s = getComputedStyle(el);
            window.__unfocused.set(el, `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor} | ${s.boxShadow}`);
          }
        }
        """;

    // The focused element's ring: null at the end of the page (the body, or an element reached before), else its
    // failure naming it, or "" when its ring is fine.
    private const string FocusRing = """
        () => {
          const el = document.activeElement;
          if (!el || el === document.body || window.__seen?.has(el)) return null;
          (window.__seen ??= new WeakSet()).add(el);
          const s = getComputedStyle(el);
          const name = `<${el.tagName.toLowerCase()}${el.id ? ' id="' + el.id + '"' : ''}${el.getAttribute('name') ? ' name="' + el.getAttribute('name') + '"' : ''}> "${(el.innerText || el.value || '').trim().replace(/\s+/g, ' ').slice(0, 50)}"`;
          const outline = s.outlineStyle !== 'none' ? parseFloat(s.outlineWidth) : 0;
          const spreads = s.boxShadow === 'none' ? [0] : [...s.boxShadow.matchAll(/(-?[\d.]+)px\s+(-?[\d.]+)px\s+(-?[\d.]+)px\s+(-?[\d.]+)px/g)].map(m => parseFloat(m[4]));
          const ring = Math.max(outline, ...spreads);
          const now = `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor} | ${s.boxShadow}`;
          const before = window.__unfocused?.get(el);
          const failure = ring < 2 ? `focus ring ${ring}px (outline ${s.outlineStyle} ${s.outlineWidth}, box-shadow ${s.boxShadow}), needs 2px`
            : before === now ? `focus ring the same as unfocused (${now})` : null;
          return failure ? `${name}: ${failure}` : '';
        }
        """;

    [Fact]
    public async Task FacilityPages_InIndonesian_NamedFieldsContrastFocusAndKeyboardEnrolment()
    {
        var (id, title, start) = await TestProgrammes.PlannedAsync(fixture);
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.Url("api/pages/sign-in"));
        await CheckAsync(page, "sign-in", "id");
        await page.GetByLabel("Alamat email").FillAsync("bukan-email");
        await page.GetByRole(AriaRole.Button, new() { Name = "Kirim tautan masuk" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await CheckAsync(page, "sign-in with a problem", "id");
        await page.GotoAsync(fixture.Url("api/pages/sign-in"));
        await fixture.SignInAsync(page, PagesFixture.CipinangOfficer, onSignInPage: true);
        await CheckAsync(page, "home", "id");
        await page.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await CheckAsync(page, "programme", "id");
        await OpenAsync(page, $"api/pages/programmes/{id}/participants", PagesFixture.CipinangOfficer);
        await CheckAsync(page, "participants", "id");
        await page.GetByRole(AriaRole.Button, new() { Name = "Daftarkan", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await CheckAsync(page, "participants with problems", "id");
        await page.GotoAsync(fixture.Url($"api/pages/programmes/{id}/participants"));

        // Keyboard only: Tab to each field, arrows and Space for the choices, typing for the text, Enter to send.
        await TabToAsync(page, "#f-type-0");
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("Space");
        Assert.True(await page.Locator("#f-type-1").IsCheckedAsync(), "ArrowDown and Space did not choose 'Petugas'");
        await TabToAsync(page, "#f-track");
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(page.Locator("#f-track")).ToHaveValueAsync("batik");
        await TabToAsync(page, "#f-fullName");
        await page.Keyboard.TypeAsync("Dian Lestari");
        await TabToAsync(page, "#f-contactConsent");
        await page.Keyboard.PressAsync("Space");
        await Expect(page.Locator("#f-contactConsent")).ToBeCheckedAsync();
        await TabToAsync(page, "#f-contact");
        await page.Keyboard.TypeAsync("0812-0000-0009");
        await TabToAsync(page, "button[type=submit]");
        await Expect(page.Locator(":focus")).ToHaveTextAsync("Daftarkan");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Peserta sudah didaftarkan.");
        using (var ministry = fixture.As("dg-ikma"))
        {
            var stored = Assert.Single((await ministry.GetJsonAsync($"api/programmes/{id}/participants"))!.AsArray())!;
            Assert.Equal("Dian Lestari", stored["fullName"]!.GetValue<string>());
        }

        await CheckAsync(page, "participants after enrolling", "id");

        // The training week: attendance, documents, assessments; after it, the closing report.
        using var facility = fixture.As("lapas-cipinang");
        var (closed, _) = await facility.PostJsonAsync($"api/programmes/{id}/enrolment/close", new { });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        fixture.MoveTo(start);
        await OpenAsync(page, $"api/pages/programmes/{id}/attendance", PagesFixture.CipinangOfficer);
        await CheckAsync(page, "attendance", "id");

        // A day outside the week (the hidden field changed) is refused with a message in the checklist.
        await page.Locator("input[name=date]").EvaluateAsync("input => input.value = '2000-01-01'");
        await page.GetByRole(AriaRole.Button, new() { Name = "Simpan kehadiran" }).ClickAsync();
        await Expect(page.Locator("fieldset.checklist .error")).Not.ToHaveCountAsync(0);
        await CheckAsync(page, "attendance with a problem", "id");
        await OpenAsync(page, $"api/pages/programmes/{id}/documents", PagesFixture.CipinangOfficer);
        await CheckAsync(page, "documents", "id");
        await page.GetByRole(AriaRole.Button, new() { Name = "Unggah", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await CheckAsync(page, "documents with problems", "id");
        fixture.MoveTo(start.AddDays(1));
        await OpenAsync(page, $"api/pages/programmes/{id}/assessments", PagesFixture.CipinangOfficer);
        await CheckAsync(page, "assessments", "id");
        await page.GetByRole(AriaRole.Button, new() { Name = "Kirim penilaian" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await CheckAsync(page, "assessments with a problem", "id");

        fixture.MoveTo(start.AddDays(5));
        await OpenAsync(page, $"api/pages/programmes/{id}/closing-report", PagesFixture.CipinangOfficer);
        await CheckAsync(page, "closing report", "id");
        await page.GetByLabel("Ringkasan kegiatan").FillAsync(string.Empty);
        await page.GetByRole(AriaRole.Button, new() { Name = "Kirim laporan penutupan" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await CheckAsync(page, "closing report with problems", "id");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task FollowUpPage_InIndonesian_WithItsProblems()
    {
        using var facility = fixture.As("lapas-cipinang");
        var (id, _, start) = await TestProgrammes.PlannedAsync(fixture);
        var (enrolled, participants) = await facility.PostCsvAsync($"api/programmes/{id}/participants/csv", $"type,track,fullName,expectedReleaseMonth\nInmate,batik,Budi Santoso,{start.AddMonths(2):yyyy-MM}\n");
        Assert.Equal(HttpStatusCode.Created, enrolled.StatusCode);
        var inmate = participants!["participants"]![0]!["id"]!.GetValue<string>();
        var (closed, _) = await facility.PostJsonAsync($"api/programmes/{id}/enrolment/close", new { });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        fixture.MoveTo(start.AddDays(5));
        var (release, _) = await facility.PostJsonAsync($"api/programmes/{id}/participants/{inmate}/release", new { releaseDate = TestProgrammes.Text(start.AddDays(5)), route = "Parole" });
        Assert.Equal(HttpStatusCode.OK, release.StatusCode);
        fixture.MoveTo(start.AddDays(5).AddMonths(1));

        var page = await fixture.NewPageAsync();
        await fixture.SignInAsync(page, PagesFixture.ProbationOfficer);
        await OpenAsync(page, $"api/pages/programmes/{id}/participants/{inmate}/follow-ups/1", PagesFixture.ProbationOfficer);
        await CheckAsync(page, "follow-up outcome", "id");
        await page.GetByLabel("Berhasil dihubungi").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Kirim hasil tindak lanjut" }).ClickAsync();
        await Expect(page.Locator("#f-employmentStatus-error")).ToContainTextAsync("Wajib diisi.");
        await CheckAsync(page, "follow-up outcome with problems", "id");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task CoordinatorPages_InEnglish_WithProblems_AndAtPhoneWidth()
    {
        var (id, title, _) = await TestProgrammes.PlannedAsync(fixture);
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.Url("api/pages/sign-in?lang=en"));
        await CheckAsync(page, "sign-in (English)", "en");
        await page.GotoAsync(fixture.Url("api/pages/sign-in?lang=id"));
        await fixture.SignInAsync(page, CoordinatorPageTests.Coordinator, onSignInPage: true);
        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await CheckAsync(page, "coordinator home (English)", "en");
        await page.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await Expect(page).ToHaveURLAsync(fixture.Url($"api/pages/programmes/{id}"));
        await CheckAsync(page, "coordinator programme (English)", "en");
        foreach (var path in new[] { "programmes/new", "mous", "letters", "follow-ups", "outcomes", "emails", "orchestrations", $"programmes/{id}/plan", $"programmes/{id}/letter" })
        {
            await OpenAsync(page, $"api/pages/{path}", CoordinatorPageTests.Coordinator);
            await CheckAsync(page, $"coordinator {path} (English)", "en");
        }

        // The coordinator's forms sent empty: each shows its problems.
        foreach (var path in new[] { "programmes/new", "mous", "letters" })
        {
            await OpenAsync(page, $"api/pages/{path}", CoordinatorPageTests.Coordinator);
            await page.Locator("main form:has(button.primary) button.primary").First.ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
            await CheckAsync(page, $"coordinator {path} with problems (English)", "en");
        }

        await page.GotoAsync(fixture.Url("api/pages?lang=id"));
        await CheckAsync(page, "coordinator home", "id");

        // At a phone's width (the programme list stacked as cards).
        await page.SetViewportSizeAsync(390, 844);
        await CheckAsync(page, "coordinator home at 390 px", "id");
        await page.GotoAsync(fixture.Url($"api/pages/programmes/{id}"));
        await CheckAsync(page, "coordinator programme at 390 px", "id");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Checks_FindABrokenPage()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.Url("api/pages/sign-in"));
        Assert.Empty(await AuditAsync(page, "id"));
        Assert.Empty(await FocusFailuresAsync(page));

        // A label removed, a hint's id gone, a pale text, no focus ring, and the wrong language: each one is named.
        await page.EvaluateAsync("""
            () => {
              document.querySelector('label[for="f-email"]').remove();
              const described = document.querySelector('[aria-describedby]') ?? document.getElementById('f-email');
              described.setAttribute('aria-describedby', 'gone');
              // The content security policy refuses a new <style>; the stylesheet's own rules are open to script.
              const sheet = document.styleSheets[0];
              sheet.insertRule('main p { color: #aaaaaa !important; }', sheet.cssRules.length);
              sheet.insertRule(':focus-visible { outline: none !important; box-shadow: none !important; }', sheet.cssRules.length);
            }
            """);
        var failures = await AuditAsync(page, "en");
        Assert.Contains(failures, f => f.Contains("<html lang=\"id\">, expected \"en\"", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("id=\"f-email\"", StringComparison.Ordinal) && f.Contains("no accessible name", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("points at \"gone\"", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("<p>", StringComparison.Ordinal) && f.Contains("contrast 2.32:1", StringComparison.Ordinal));
        var focus = await FocusFailuresAsync(page);
        Assert.Contains(focus, f => f.Contains("focus ring 0px", StringComparison.Ordinal));

        // A ring every element has all the time shows no focus either.
        await page.EvaluateAsync("() => { const sheet = document.styleSheets[0]; sheet.insertRule('*, *:focus-visible { outline: 3px solid #000 !important; }', sheet.cssRules.length); }");
        focus = await FocusFailuresAsync(page);
        Assert.Contains(focus, f => f.Contains("id=\"f-email\"", StringComparison.Ordinal) && f.Contains("focus ring the same as unfocused", StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }

    /// <summary>Runs every check on the page as it is, and Tabs through it; fails naming the page and each element.</summary>
    private static async Task CheckAsync(IPage page, string name, string lang)
    {
        var failures = (await AuditAsync(page, lang)).Concat(await FocusFailuresAsync(page)).ToList();
        Assert.True(failures.Count == 0, $"Page '{name}' ({page.Url}):\n  " + string.Join("\n  ", failures));
    }

    private static async Task<string[]> AuditAsync(IPage page, string lang) => await page.EvaluateAsync<string[]>(Audit, lang);

    // Tabs from the top of the page to its end (or 120 stops), checking the ring of each element reached.
    private static async Task<List<string>> FocusFailuresAsync(IPage page)
    {
        await page.EvaluateAsync("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }");
        await page.EvaluateAsync(RecordUnfocused);
        var failures = new List<string>();
        var reached = 0;
        for (var stop = 0; stop < 120; stop++)
        {
            await page.Keyboard.PressAsync("Tab");
            var failure = await page.EvaluateAsync<string?>(FocusRing);
            if (failure is null)
            {
                break;
            }

            reached++;
            if (failure.Length > 0)
            {
                failures.Add(failure);
            }
        }

        if (reached == 0)
        {
            failures.Add("Tab reached no element");
        }

        await page.EvaluateAsync("() => document.activeElement?.blur()");
        return failures;
    }

    // Presses Tab until the element matching selector has the focus (at most 120 times).
    private static async Task TabToAsync(IPage page, string selector)
    {
        for (var stop = 0; stop < 120; stop++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector))
            {
                return;
            }
        }

        Assert.Fail($"Tab never reached {selector} on {page.Url}");
    }

    // Opens path, signing in again as email when the clock's move ended the session.
    private async Task OpenAsync(IPage page, string path, string email)
    {
        await page.GotoAsync(fixture.Url(path));
        if (page.Url.Contains("/api/pages/sign-in", StringComparison.Ordinal))
        {
            await fixture.SignInAsync(page, email, onSignInPage: true);
        }

        await Expect(page).ToHaveURLAsync(fixture.Url(path));
        Assert.True(await page.Locator("main h1").CountAsync() == 1, $"{path} shows no page heading");
    }
}
