using IkmaWorkflow.FunctionApp.Api;
using IkmaWorkflow.FunctionApp.Functions.DurableManagement;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Forms;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IkmaWorkflow.FunctionApp.Functions.Notifications;

/// <summary>
/// The email listing's errors as RFC 9457 problem details, in the shape of the durable management API's
/// (<c>type</c> <c>urn:ikma-workflow:problem:&lt;name&gt;</c>, English <c>title</c>/<c>detail</c>, <c>indonesian</c>).
/// </summary>
internal static class EmailProblems
{
    public static ProblemHttpResult EmailNotFound(string id) => Problem(
        StatusCodes.Status404NotFound,
        "email-not-found",
        "Email not found",
        $"The outbox holds no email with id '{id}'. Ids come from GET /api/emails.",
        "Email tidak ditemukan",
        $"Tidak ada email dengan id '{id}' di outbox. Id diperoleh dari GET /api/emails.",
        ("id", id));

    public static ProblemHttpResult InvalidTop(string value, int max) => Problem(
        StatusCodes.Status400BadRequest,
        "invalid-query-parameter",
        "Query parameter not valid",
        $"Query parameter 'top' has value '{value}', but it must be a whole number from 1 to {max}.",
        "Parameter kueri tidak valid",
        $"Parameter kueri 'top' bernilai '{value}', padahal harus bilangan bulat dari 1 sampai {max}.",
        ("parameter", "top"));

    public static ProblemHttpResult InvalidContinuationToken() => Problem(
        StatusCodes.Status400BadRequest,
        "invalid-continuation-token",
        "Continuation token not valid",
        "Send the continuationToken of the previous page unchanged, or leave it out to start from the newest email.",
        "Token lanjutan tidak valid",
        "Kirim continuationToken dari halaman sebelumnya tanpa diubah, atau hilangkan untuk mulai dari email terbaru.",
        ("parameter", "continuationToken"));

    public static ProblemHttpResult StorageUnavailable() => Problem(
        StatusCodes.Status503ServiceUnavailable,
        "storage-unavailable",
        "Storage unavailable",
        "The outbox's storage account did not answer or refused the request. Try again later; the app log names the storage error.",
        "Penyimpanan tidak tersedia",
        "Akun penyimpanan outbox tidak menjawab atau menolak permintaan. Coba lagi nanti; log aplikasi menyebutkan galat penyimpanannya.");

    private static ProblemHttpResult Problem(int status, string name, string title, string detail, string titleIndonesian, string detailIndonesian, params (string Key, string Value)[] members) =>
        BilingualProblem.Create(status, name, title, detail, titleIndonesian, detailIndonesian, [.. members.Select(m => (m.Key, (object?)m.Value))]);
}
