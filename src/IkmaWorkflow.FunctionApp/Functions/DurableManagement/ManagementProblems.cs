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
        $"'{instanceId}' is not a valid instance id: use 1 to 256 characters without '/', '\\', '#', '?' or control characters.",
        "Id instans tidak valid",
        $"'{instanceId}' bukan id instans yang valid: gunakan 1 sampai 256 karakter tanpa '/', '\\', '#', '?' atau karakter kontrol.",
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

    /// <summary>400: the continuation token was not issued by this API.</summary>
    public static ProblemHttpResult InvalidContinuationToken() => Problem(
        StatusCodes.Status400BadRequest,
        "invalid-continuation-token",
        "Continuation token not valid",
        "Storage refused the continuation token. Send the x-ms-continuation-token value of the previous page unchanged, or leave it out to start from the first page.",
        "Token lanjutan tidak valid",
        "Penyimpanan menolak token lanjutan. Kirim nilai x-ms-continuation-token dari halaman sebelumnya tanpa diubah, atau hilangkan untuk mulai dari halaman pertama.");

    /// <summary>503: the runtime's storage did not answer.</summary>
    public static ProblemHttpResult StorageUnavailable() => Problem(
        StatusCodes.Status503ServiceUnavailable,
        "storage-unavailable",
        "Storage unavailable",
        "The durable runtime's storage account did not answer or refused the request. Try again later; the app log names the storage error.",
        "Penyimpanan tidak tersedia",
        "Akun penyimpanan runtime durable tidak menjawab atau menolak permintaan. Coba lagi nanti; log aplikasi menyebutkan galat penyimpanannya.");

    private static ProblemHttpResult Problem(int status, string name, string title, string detail, string titleIndonesian, string detailIndonesian, params (string Key, string Value)[] members) =>
        BilingualProblem.Create(status, name, title, detail, titleIndonesian, detailIndonesian, [.. members.Select(m => (m.Key, (object?)m.Value))]);
}
