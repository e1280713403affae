using System.Net;

namespace IkmaWorkflow.DemoData;

/// <summary>
/// The organisations of both cases with one contact person each, and the Industry–Law &amp; Human Rights MoU with its
/// renewal: registered through the operator key, each organisation's API key kept for the steps that act for it.
/// </summary>
public static class DemoDirectory
{
    /// <summary>The coordinating unit: DG IKMA of the Ministry of Industry.</summary>
    public const string DgIkma = "dg-ikma";

    /// <summary>The Directorate General of Corrections (Ministry of Law and Human Rights until October 2024).</summary>
    public const string Ditjenpas = "ditjenpas";

    /// <summary>Ditjenpas under the Ministry of Immigration and Corrections from 21 October 2024 (registered by the Cipinang case).</summary>
    public const string DitjenpasImipas = "ditjenpas-imipas";

    /// <summary>PIMTI, the Indonesian Women's High Leadership Association.</summary>
    public const string Pimti = "pimti";

    /// <summary>Yayasan Batik Indonesia, the Indonesian Batik Foundation.</summary>
    public const string Ybi = "ybi";

    /// <summary>The women's correctional institution in Tangerang.</summary>
    public const string LppTangerang = "lpp-tangerang";

    /// <summary>Lapas Kelas I Cipinang, Jakarta.</summary>
    public const string LapasCipinang = "lapas-cipinang";

    /// <summary>The probation office for Tangerang.</summary>
    public const string BapasTangerang = "bapas-tangerang";

    /// <summary>The probation office for East Jakarta (Cipinang).</summary>
    public const string BapasJakartaTimur = "bapas-jakarta-timur";

    private const string Step = "ikma-demo:directory";

    /// <summary>The organisations registered at the start, as <c>POST /api/organisations</c> takes them.</summary>
    public static IReadOnlyList<(string Id, object Body)> Organisations { get; } =
    [
        (DgIkma, new { id = DgIkma, name = "Direktorat Jenderal Industri Kecil, Menengah dan Aneka (Kementerian Perindustrian)", kind = "MinistryUnit" }),
        (Ditjenpas, new { id = Ditjenpas, name = "Direktorat Jenderal Pemasyarakatan (Kementerian Hukum dan HAM)", kind = "CorrectionsUnit" }),
        (Pimti, new { id = Pimti, name = "PIMTI (Indonesian Women's High Leadership Association)", kind = "Foundation" }),
        (Ybi, new { id = Ybi, name = "Yayasan Batik Indonesia", kind = "Foundation" }),
        (LppTangerang, new { id = LppTangerang, name = "Lapas Perempuan Kelas IIA Tangerang", kind = "Facility", facilityType = "Lpp", facilityClass = "IIA", city = "Tangerang" }),
        (LapasCipinang, new { id = LapasCipinang, name = "Lapas Kelas I Cipinang", kind = "Facility", facilityType = "Lapas", facilityClass = "I", city = "Jakarta Timur" }),
        (BapasTangerang, new { id = BapasTangerang, name = "Bapas Kelas I Tangerang", kind = "ProbationOffice" }),
        (BapasJakartaTimur, new { id = BapasJakartaTimur, name = "Bapas Kelas I Jakarta Timur", kind = "ProbationOffice" }),
    ];

    /// <summary>
    /// The fictional people who get the programme emails; their invented surnames (other batik motifs) are not among
    /// the participants' (<see cref="FictionalNames.Motifs"/>), so nobody appears twice.
    /// </summary>
    public static IReadOnlyList<(string OrganisationId, string Name, string Role)> People { get; } =
    [
        (DgIkma, "Ratna Cuwiri", "Coordinator"),
        (DgIkma, "Teguh Udanliris", "Coordinator"),
        (LppTangerang, "Indah Semenrama", "FacilityStaff"),
        (LapasCipinang, "Hadi Wirasat", "FacilityStaff"),
        (Ybi, "Mega Buketan", "Trainer"),
        (BapasTangerang, "Yanti Pringgondani", "ProbationOfficer"),
        (BapasJakartaTimur, "Wahyu Sawunggaling", "ProbationOfficer"),
    ];

    /// <summary>Registers the organisations, people and MoUs; on a second run the app answers what it stored then.</summary>
    /// <returns>The MoU in force from August 2017 (the renewal).</returns>
    public static async Task<DemoMous> RegisterAsync(DemoSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        session.Log.WriteLine("Organisations, people and MoUs / Organisasi, personel dan MoU");
        foreach (var (id, body) in Organisations)
        {
            await RegisterOrganisationAsync(session, id, body, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (organisationId, name, role) in People)
        {
            var answer = await session.PostJsonAsync(session.Operator, $"api/organisations/{organisationId}/people", new { name, email = FictionalNames.Email(name, organisationId), role }, $"{Step}:person:{organisationId}:{name}", cancellationToken).ConfigureAwait(false);
            session.Say($"{role} {name} at {organisationId}{answer.Note}", $"{role} {name} di {organisationId}");
        }

        var ministry = session.As(DgIkma);
        var parties = new[] { DgIkma, Ditjenpas, Pimti, Ybi };
        var earlier = await session.PostDocumentAsync(ministry, "api/mous", new
        {
            number = "DEMO/MOU-IND-KUMHAM/2012",
            title = "Nota Kesepahaman Kementerian Perindustrian dan Kementerian Hukum dan HAM: pembinaan kemandirian warga binaan (contoh)",
            partyIds = parties,
            signedOn = "2012-05-15",
            validFrom = "2012-05-15",
            validUntil = "2017-05-14",
            scope = "Pelatihan keterampilan industri kecil dan menengah bagi warga binaan pemasyarakatan. Lapsed in May 2017 / berakhir Mei 2017.",
        }, DemoFile.Pdf("mou-2012-demo.pdf", ["Nota Kesepahaman / Memorandum of Understanding", "Kementerian Perindustrian - Kementerian Hukum dan HAM", "Berlaku / valid: 2012-05-15 .. 2017-05-14"]), $"{Step}:mou-2012", cancellationToken).ConfigureAwait(false);
        session.Say($"MoU 2012-2017 (lapsed May 2017) {earlier.Id}{earlier.Note}", "MoU 2012-2017 (berakhir Mei 2017)");

        var renewal = await session.PostDocumentAsync(ministry, "api/mous", new
        {
            number = "DEMO/MOU-IND-KUMHAM/2017",
            title = "Perpanjangan Nota Kesepahaman Kementerian Perindustrian dan Kementerian Hukum dan HAM (contoh)",
            partyIds = parties,
            signedOn = "2017-08-10",
            validFrom = "2017-08-10",
            validUntil = "2027-08-09",
            scope = "Bimbingan teknis wirausaha baru IKM bagi warga binaan, bersama Ditjenpas, PIMTI dan YBI. Renewal of August 2017 / perpanjangan Agustus 2017.",
            renewsMouId = earlier.Id,
        }, DemoFile.Pdf("mou-2017-demo.pdf", ["Perpanjangan Nota Kesepahaman / Renewed Memorandum of Understanding", "Kementerian Perindustrian - Kementerian Hukum dan HAM", "Berlaku / valid: 2017-08-10 .. 2027-08-09 (illustrative / ilustrasi)"]), $"{Step}:mou-2017", cancellationToken).ConfigureAwait(false);
        session.Say($"MoU renewal of August 2017 {renewal.Id}{renewal.Note}", "perpanjangan MoU Agustus 2017");
        return new DemoMous(earlier.Id, renewal.Id);
    }

    /// <summary>
    /// Registers an organisation (operator) and keeps its key; one registered before (by an earlier run, or otherwise)
    /// gets a new key, since a key is shown once and never kept by the app.
    /// </summary>
    public static async Task RegisterOrganisationAsync(DemoSession session, string id, object organisation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(organisation);
        var (status, body, replayed) = await session.SendRawAsync(session.Operator, HttpMethod.Post, "api/organisations", System.Net.Http.Json.JsonContent.Create(organisation, organisation.GetType()), $"{Step}:organisation:{id}", cancellationToken).ConfigureAwait(false);
        if (status == HttpStatusCode.Created)
        {
            session.UseKey(id, body!["apiKey"]!.GetValue<string>());
            session.Say($"organisation {id} registered", $"organisasi {id} didaftarkan");
            return;
        }

        if (status == HttpStatusCode.Conflict)
        {
            // The key was shown once, to the first registration: the operator replaces it. Key management, not a record,
            // so it counts neither as a form stored nor as one replayed.
            var (rotatedStatus, rotated, _) = await session.SendRawAsync(session.Operator, HttpMethod.Post, $"api/organisations/{id}/api-key", null, null, cancellationToken).ConfigureAwait(false);
            if (rotatedStatus != HttpStatusCode.OK)
            {
                throw new DemoException($"POST /api/organisations/{id}/api-key answered {(int)rotatedStatus}: {DemoSession.Describe(rotated?.ToJsonString() ?? string.Empty)}");
            }

            session.UseKey(id, rotated!["apiKey"]!.GetValue<string>());
            session.Say(
                replayed ? $"organisation {id} already registered by an earlier run: its API key was REPLACED (the old one stops working)" : $"organisation {id} was already registered: its API key was REPLACED (the old one stops working)",
                replayed ? $"organisasi {id} sudah terdaftar pada proses sebelumnya: kunci API-nya DIGANTI" : $"organisasi {id} sudah terdaftar: kunci API-nya DIGANTI");
            return;
        }

        throw new DemoException($"POST /api/organisations ({id}) answered {(int)status}: {DemoSession.Describe(body?.ToJsonString() ?? string.Empty)}");
    }
}

/// <summary>The MoUs registered.</summary>
/// <param name="Earlier">The MoU that lapsed in May 2017.</param>
/// <param name="Renewal">Its renewal of August 2017, which the programmes follow.</param>
public sealed record DemoMous(string Earlier, string Renewal);
