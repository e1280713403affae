using IkmaWorkflow.FunctionApp.Api;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Forms;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IkmaWorkflow.FunctionApp.Functions.DurableManagement;

/// <summary>
/// The durable management API's errors as RFC 9457 problem details: <c>type</c> names the problem
/// (<c>urn:ikma-workflow:problem:&lt;name&gt;</c>), <c>title</c> and <c>detail</c> say it in English and the
/// <c>indonesian</c> member says it in Indonesian. Members such as <c>instanceId</c> name what was wrong.
/// </summary>
public static class ManagementProblems
{
    /// <summary>503: app setting <c>OperatorKey</c> is not set, so an operator API is switched off.</summary>
    /// <param name="apiEnglish">The API, in English ("The durable management API").</param>
    /// <param name="apiIndonesian">The API, in Indonesian ("API manajemen durable").</param>
    public static ProblemHttpResult OperatorKeyNotConfigured(string apiEnglish, string apiIndonesian) => Problem(
        StatusCodes.Status503ServiceUnavailable,
        "operator-key-not-configured",
        "Operator key not configured",
        $"{apiEnglish} is switched off because the app setting {OperatorKey.SettingName} is not set. Set it to a long random secret and restart the app.",
        "Kunci operator belum dikonfigurasi",
        $"{apiIndonesian} dinonaktifkan karena pengaturan aplikasi {OperatorKey.SettingName} belum diisi. Isi dengan rahasia acak yang panjang, lalu mulai ulang aplikasi.");

    /// <summary>401: the request carries no operator key.</summary>
    public static ProblemHttpResult OperatorKeyMissing() => Problem(
        StatusCodes.Status401Unauthorized,
        "operator-key-missing",
        "Operator key required",
        $"Send the operator key in the {OperatorKey.HeaderName} header (or the {OperatorKey.QueryName} query parameter).",
        "Kunci operator diperlukan",
        $"Kirim kunci operator pada header {OperatorKey.HeaderName} (atau parameter kueri {OperatorKey.QueryName}).");

    /// <summary>401: the operator key sent in <paramref name="where"/> is not the configured one.</summary>
    public static ProblemHttpResult OperatorKeyWrong(string where) => Problem(
        StatusCodes.Status401Unauthorized,
        "operator-key-wrong",
        "Operator key not accepted",
        $"The operator key sent in {where} does not match the app setting {OperatorKey.SettingName}.",
        "Kunci operator ditolak",
        $"Kunci operator yang dikirim pada {where} tidak cocok dengan pengaturan aplikasi {OperatorKey.SettingName}.");

    /// <summary>The problem for an instance that refused a command: 404, 409, 410, 400 or 501.</summary>
    /// <param name="outcome">Why the command was refused; not <see cref="InstanceOutcome.Done"/> or <see cref="InstanceOutcome.Unchanged"/>.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="actionEnglish">What was attempted, in English ("raise an event on").</param>
    /// <param name="actionIndonesian">What was attempted, in Indonesian ("mengirim event ke").</param>
    public static ProblemHttpResult ForInstance(InstanceOutcome outcome, string instanceId, string actionEnglish, string actionIndonesian) => outcome switch
    {
        InstanceOutcome.NotFound => InstanceNotFound(instanceId),
        InstanceOutcome.AlreadyExists => Problem(
            StatusCodes.Status409Conflict,
            "instance-already-exists",
            "Instance id already in use",
            $"An orchestration instance with id '{instanceId}' already exists; choose another id or purge the old instance first.",
            "Id instans sudah dipakai",
            $"Instans orkestrasi dengan id '{instanceId}' sudah ada; pilih id lain atau hapus (purge) instans lama terlebih dahulu.",
            ("instanceId", instanceId)),
        InstanceOutcome.Finished => Problem(
            StatusCodes.Status410Gone,
            "instance-finished",
            "Orchestration instance has finished",
            $"Cannot {actionEnglish} instance '{instanceId}': it has already finished and takes no more requests of this kind.",
            "Instans orkestrasi sudah selesai",
            $"Tidak dapat {actionIndonesian} instans '{instanceId}': instans sudah selesai dan tidak menerima permintaan seperti ini lagi.",
            ("instanceId", instanceId)),
        InstanceOutcome.NotFinished => Problem(
            StatusCodes.Status409Conflict,
            "instance-not-finished",
            "Orchestration instance has not finished",
            $"Cannot {actionEnglish} instance '{instanceId}': it has not finished yet. Terminate it first, then try again.",
            "Instans orkestrasi belum selesai",
            $"Tidak dapat {actionIndonesian} instans '{instanceId}': instans belum selesai. Hentikan (terminate) dahulu, lalu coba lagi.",
            ("instanceId", instanceId)),
        InstanceOutcome.HistoryNotServed => Problem(
            StatusCodes.Status501NotImplemented,
            "history-not-served",
            "Instance history not available here",
            $"Cannot {actionEnglish} instance '{instanceId}': the durable backend of this host does not serve instance history (the standalone host's in-process sidecar; under the Functions host it does). Ask again without showHistory for the status.",
            "Riwayat instans tidak tersedia di sini",
            $"Tidak dapat {actionIndonesian} instans '{instanceId}': backend durable pada host ini tidak menyediakan riwayat instans (sidecar dalam proses pada host mandiri; pada host Functions tersedia). Minta lagi tanpa showHistory untuk melihat statusnya.",
            ("instanceId", instanceId)),
        InstanceOutcome.InvalidId => InvalidInstanceId(instanceId),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Not a refusal."),
    };

    /// <summary>404: no instance has id <paramref name="instanceId"/>.</summary>
    public static ProblemHttpResult InstanceNotFound(string instanceId) => Problem(
        StatusCodes.Status404NotFound,
        "instance-not-found",
        "Orchestration instance not found",
        $"No orchestration instance has id '{instanceId}'.",
        "Instans orkestrasi tidak ditemukan",
        $"Tidak ada instans orkestrasi dengan id '{instanceId}'.",
        ("instanceId", instanceId));

    /// <summary>400: <paramref name="instanceId"/> cannot be an instance id.</summary>
    public static ProblemHttpResult InvalidInstanceId(string instanceId) => Problem(
        StatusCodes.Status400BadRequest,
        "invalid-instance-id",
        "Instance id not valid",
        $"'{instanceId}' is not a valid instance id: use 1 to 256 characters, not starting with '@', without '/', '\\', '#', '?' or control characters.",
        "Id instans tidak valid",
        $"'{instanceId}' bukan id instans yang valid: gunakan 1 sampai 256 karakter, tidak diawali '@', tanpa '/', '\\', '#', '?' atau karakter kontrol.",
        ("instanceId", instanceId));

    /// <summary>400: no orchestrator named <paramref name="name"/> is registered.</summary>
    public static ProblemHttpResult OrchestratorNotRegistered(string name) => Problem(
        StatusCodes.Status400BadRequest,
        "orchestrator-not-registered",
        "Orchestrator not registered",
        $"No orchestrator named '{name}' is registered in this app.",
        "Orkestrator tidak terdaftar",
        $"Tidak ada orkestrator bernama '{name}' yang terdaftar di aplikasi ini.",
        ("orchestrator", name));

    /// <summary>400: the request body is not JSON.</summary>
    public static ProblemHttpResult BodyNotJson(string reason) => Problem(
        StatusCodes.Status400BadRequest,
        "body-not-json",
        "Request body is not JSON",
        $"The request body must be one JSON value, or empty: {reason}",
        "Isi permintaan bukan JSON",
        $"Isi permintaan harus berupa satu nilai JSON, atau kosong: {reason}");

    /// <summary>400: query parameter <paramref name="parameter"/> has a value that cannot be used.</summary>
    /// <param name="parameter">The parameter.</param>
    /// <param name="value">The value received.</param>
    /// <param name="expectedEnglish">What it must be, in English.</param>
    /// <param name="expectedIndonesian">What it must be, in Indonesian.</param>
    public static ProblemHttpResult InvalidQueryParameter(string parameter, string value, string expectedEnglish, string expectedIndonesian) => Problem(
        StatusCodes.Status400BadRequest,
        "invalid-query-parameter",
        "Query parameter not valid",
        $"Query parameter '{parameter}' has value '{value}', but {expectedEnglish}.",
        "Parameter kueri tidak valid",
        $"Parameter kueri '{parameter}' bernilai '{value}', padahal {expectedIndonesian}.",
        ("parameter", parameter));

    /// <summary>400: the backend could not read the continuation token.</summary>
    public static ProblemHttpResult InvalidContinuationToken() => Problem(
        StatusCodes.Status400BadRequest,
        "invalid-continuation-token",
        "Continuation token not valid",
        "The durable backend could not read the continuation token. Send the x-ms-continuation-token value of the previous page unchanged, or leave it out to start from the first page.",
        "Token lanjutan tidak valid",
        "Backend durable tidak dapat membaca token lanjutan. Kirim nilai x-ms-continuation-token dari halaman sebelumnya tanpa diubah, atau hilangkan untuk mulai dari halaman pertama.");

    /// <summary>503: the task hub's backend (the Functions host's or the standalone sidecar's gRPC endpoint, or the storage behind it) did not answer or failed.</summary>
    public static ProblemHttpResult StorageUnavailable() => Problem(
        StatusCodes.Status503ServiceUnavailable,
        "storage-unavailable",
        "Storage unavailable",
        "The durable backend (the task hub's storage, reached through the Functions host or the standalone host's sidecar) did not answer or failed the request. Try again later; the app log names the error.",
        "Penyimpanan tidak tersedia",
        "Backend durable (penyimpanan task hub, melalui host Functions atau sidecar host mandiri) tidak menjawab atau gagal memproses permintaan. Coba lagi nanti; log aplikasi menyebutkan galatnya.");

    private static ProblemHttpResult Problem(int status, string name, string title, string detail, string titleIndonesian, string detailIndonesian, params (string Key, string Value)[] members) =>
        BilingualProblem.Create(status, name, title, detail, titleIndonesian, detailIndonesian, [.. members.Select(m => (m.Key, (object?)m.Value))]);
}
