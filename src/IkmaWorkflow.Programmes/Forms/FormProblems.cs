
namespace IkmaWorkflow.Programmes.Forms;

/// <summary>The answers a form gives when it refuses a submission; each names what is wrong in English and Indonesian.</summary>
public static class FormProblems
{
    /// <summary>400: every invalid field, under <c>errors</c> (English) and <c>indonesianErrors</c> (Indonesian).</summary>
    public static Problem Invalid(IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var english = errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.English).ToArray());
        var indonesian = errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Indonesian).ToArray());
        var fields = string.Join(", ", english.Keys);
        return Problem.Of(
            ProblemKind.Invalid,
            "invalid-submission",
            "Submission not valid",
            $"Correct these fields and send the form again: {fields}. Nothing was stored.",
            "Kiriman tidak valid",
            $"Perbaiki isian berikut lalu kirim ulang formulir: {fields}. Tidak ada yang disimpan.",
            ("errors", english),
            ("indonesianErrors", indonesian));
    }

    /// <summary>400 for a single field.</summary>
    public static Problem Invalid(string field, string english, string indonesian) => Invalid([new FieldError(field, english, indonesian)]);

    /// <summary>409: the programme is not at a stage that takes this form.</summary>
    /// <param name="programmeId">The programme.</param>
    /// <param name="stage">The stage it is in.</param>
    /// <param name="expectedEnglish">What the stage waits for, in English.</param>
    /// <param name="expectedIndonesian">What the stage waits for, in Indonesian.</param>
    /// <param name="formEnglish">The form refused, in English.</param>
    /// <param name="formIndonesian">The form refused, in Indonesian.</param>
    public static Problem WrongStage(string programmeId, string stage, string expectedEnglish, string expectedIndonesian, string formEnglish, string formIndonesian) =>
        Problem.Of(
            ProblemKind.Conflict,
            "wrong-stage",
            "Not at this stage",
            $"Programme '{programmeId}' is at stage {stage} and expects {expectedEnglish} next; it does not take {formEnglish} now. Nothing was stored.",
            "Tidak sesuai tahap",
            $"Program '{programmeId}' berada pada tahap {stage} dan berikutnya menunggu {expectedIndonesian}; program belum/tidak lagi menerima {formIndonesian}. Tidak ada yang disimpan.",
            ("programmeId", programmeId),
            ("stage", stage));

    /// <summary>404: no record of <paramref name="kindEnglish"/> has <paramref name="id"/>, or the caller may not see it.</summary>
    public static Problem NotFound(string kindEnglish, string kindIndonesian, string id) =>
        Problem.Of(
            ProblemKind.NotFound,
            "not-found",
            $"{Capitalise(kindEnglish)} not found",
            $"No {kindEnglish} '{id}' exists that your organisation takes part in.",
            $"{Capitalise(kindIndonesian)} tidak ditemukan",
            $"Tidak ada {kindIndonesian} '{id}' yang melibatkan organisasi Anda.",
            ("id", id));

    /// <summary>
    /// 400: route parameter <paramref name="parameter"/> holds <paramref name="value"/>, which cannot be an id
    /// (<see cref="Storage.RecordKey"/>), so no record has it.
    /// </summary>
    public static Problem InvalidId(string parameter, string value, string flawEnglish, string flawIndonesian)
    {
        ArgumentNullException.ThrowIfNull(value);
        var shown = value.Length > 40 ? value[..40] + "…" : value;
        return Problem.Of(
            ProblemKind.Invalid,
            "invalid-id",
            "Not an id",
            $"The address's {parameter} '{shown}' is not an id: {flawEnglish}. No record has it; nothing was read or stored.",
            "Bukan id",
            $"{parameter} '{shown}' pada alamat bukan id: {flawIndonesian}. Tidak ada data dengan id itu; tidak ada yang dibaca atau disimpan.",
            ("parameter", parameter),
            ("id", shown));
    }

    /// <summary>409: a record with this key exists already.</summary>
    public static Problem AlreadyExists(string kindEnglish, string kindIndonesian, string id) =>
        Problem.Of(
            ProblemKind.Conflict,
            "already-exists",
            $"{Capitalise(kindEnglish)} already exists",
            $"A {kindEnglish} '{id}' is already stored; nothing was changed.",
            $"{Capitalise(kindIndonesian)} sudah ada",
            $"{Capitalise(kindIndonesian)} '{id}' sudah tersimpan; tidak ada yang diubah.",
            ("id", id));

    /// <summary>409: the record changed between reading and writing; the caller may send the form again.</summary>
    public static Problem Concurrent(string id) =>
        Problem.Of(
            ProblemKind.Conflict,
            "concurrent-change",
            "Changed at the same time",
            $"'{id}' was changed by another submission at the same moment. Nothing was stored; send the form again.",
            "Diubah bersamaan",
            $"'{id}' diubah oleh kiriman lain pada saat yang sama. Tidak ada yang disimpan; kirim ulang formulir.",
            ("id", id));

    /// <summary>401: no API key, or one that is not valid.</summary>
    public static Problem Unauthenticated(string reasonEnglish, string reasonIndonesian) =>
        Problem.Of(
            ProblemKind.Unauthenticated,
            "unauthenticated",
            "API key required",
            $"{reasonEnglish} Send your organisation's API key in the x-ikma-api-key header.",
            "Kunci API diperlukan",
            $"{reasonIndonesian} Kirim kunci API organisasi Anda pada header x-ikma-api-key.");

    /// <summary>403: the caller's organisation may not do this.</summary>
    public static Problem Forbidden(string whatEnglish, string whatIndonesian) =>
        Problem.Of(
            ProblemKind.Forbidden,
            "forbidden",
            "Not allowed for your organisation",
            $"Your organisation may not {whatEnglish}.",
            "Tidak diizinkan untuk organisasi Anda",
            $"Organisasi Anda tidak boleh {whatIndonesian}.");

    /// <summary>400: the body cannot be read as the form expects.</summary>
    public static Problem UnreadableBody(string reasonEnglish, string reasonIndonesian) =>
        Problem.Of(
            ProblemKind.Invalid,
            "unreadable-body",
            "Request body cannot be read",
            $"{reasonEnglish} Send JSON (application/json), or multipart/form-data with the JSON in a field named 'data' and the file in a field named 'document'.",
            "Isi permintaan tidak dapat dibaca",
            $"{reasonIndonesian} Kirim JSON (application/json), atau multipart/form-data dengan JSON pada isian 'data' dan berkas pada isian 'document'.");

    /// <summary>
    /// 413: the body is larger than the form takes (<paramref name="maxBytes"/>, for <paramref name="takesEnglish"/>);
    /// <paramref name="declaredBytes"/> is the length the request declared, when it declared one.
    /// </summary>
    public static Problem BodyTooLarge(long maxBytes, long? declaredBytes, string takesEnglish, string takesIndonesian)
    {
        var (size, ukuran) = declaredBytes is { } declared ? ($"{declared} bytes", $"{declared} byte") : ($"more than {maxBytes} bytes", $"lebih dari {maxBytes} byte");
        return Problem.Of(
            ProblemKind.TooLarge,
            "body-too-large",
            "Request body too large",
            $"The body has {size}; this form takes at most {maxBytes} bytes: {takesEnglish}. Nothing was read further or stored.",
            "Isi permintaan terlalu besar",
            $"Isi permintaan berukuran {ukuran}; formulir ini menerima paling banyak {maxBytes} byte: {takesIndonesian}. Tidak ada yang dibaca lebih lanjut atau disimpan.",
            ("maxBytes", maxBytes));
    }

    /// <summary>422: the idempotency key was used before for a different submission.</summary>
    public static Problem IdempotencyKeyReused(string key) =>
        Problem.Of(
            ProblemKind.Unprocessable,
            "idempotency-key-reused",
            "Idempotency key used for another submission",
            $"Idempotency key '{key}' was already used for a different submission. Use a new key for a new submission; resend the same content to get the stored answer.",
            "Kunci idempotensi dipakai untuk kiriman lain",
            $"Kunci idempotensi '{key}' sudah dipakai untuk kiriman yang berbeda. Gunakan kunci baru untuk kiriman baru; kirim ulang isi yang sama untuk mendapatkan jawaban yang tersimpan.",
            ("idempotencyKey", key));

    /// <summary>409: the same submission is being processed right now.</summary>
    public static Problem SubmissionInProgress(string key) =>
        Problem.Of(
            ProblemKind.Conflict,
            "submission-in-progress",
            "Submission in progress",
            $"A submission with idempotency key '{key}' is being processed. Wait a moment and send it again to get its answer.",
            "Kiriman sedang diproses",
            $"Kiriman dengan kunci idempotensi '{key}' sedang diproses. Tunggu sebentar lalu kirim ulang untuk mendapatkan jawabannya.",
            ("idempotencyKey", key));

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
