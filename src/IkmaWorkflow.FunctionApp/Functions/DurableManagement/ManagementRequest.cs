using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using IkmaWorkflow.FunctionApp.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask.Client;

namespace IkmaWorkflow.FunctionApp.Functions.DurableManagement;

/// <summary>
/// Reads request bodies, query values and instance ids. The functions bind only the route, and read everything else
/// here once the operator key has been checked, so every bad value gets a problem that names it.
/// </summary>
public static partial class ManagementRequest
{
    /// <summary>The longest instance id, as Durable Functions allows.</summary>
    public const int MaxInstanceIdLength = 256;

    /// <summary>
    /// The runtime statuses a list may filter on. The client's <c>Canceled</c> and <c>ContinuedAsNew</c> are obsolete:
    /// no backend reports them any more (an instance that continues as new is <c>Running</c>).
    /// </summary>
    public static IReadOnlyList<OrchestrationRuntimeStatus> ListedStatuses { get; } =
    [
        OrchestrationRuntimeStatus.Pending,
        OrchestrationRuntimeStatus.Running,
        OrchestrationRuntimeStatus.Completed,
        OrchestrationRuntimeStatus.Failed,
        OrchestrationRuntimeStatus.Terminated,
        OrchestrationRuntimeStatus.Suspended,
    ];

    /// <summary>
    /// Whether <paramref name="instanceId"/> can be an orchestration instance id: 1 to 256 characters without
    /// <c>/</c>, <c>\</c>, <c>#</c>, <c>?</c> or control characters (Durable Functions' rule), and not starting with
    /// <c>@</c>, which marks an entity's id.
    /// </summary>
    public static bool IsValidInstanceId(string? instanceId) =>
        instanceId is { Length: > 0 and <= MaxInstanceIdLength }
        && instanceId[0] != '@'
        && !instanceId.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));

    /// <summary>The <c>reason</c> query value; absent or empty is <see langword="null"/>.</summary>
    public static string? Reason(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var reason = request.Query["reason"].ToString();
        return reason.Length > 0 ? reason : null;
    }

    /// <summary>
    /// Reads the body as one JSON value; an empty body (or JSON <c>null</c>) is <see langword="null"/>. No more than
    /// <see cref="BodyLimit.Json"/> (1 MB) is read: a longer body is answered 413, one cut off 400.
    /// </summary>
    public static async Task<(JsonElement? Value, ProblemHttpResult? Problem)> ReadJsonBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (FormBodies.Limit(request, BodyLimit.Json) is { } tooLarge)
        {
            return (null, BilingualProblem.Of(tooLarge));
        }

        using var buffer = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (FormBodies.ProblemOf(ex, BodyLimit.Json) is not null)
        {
            return (null, BilingualProblem.Of(FormBodies.ProblemOf(ex, BodyLimit.Json)!));
        }

        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (bytes.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            return (document.RootElement.ValueKind == JsonValueKind.Null ? null : document.RootElement.Clone(), null);
        }
        catch (JsonException ex)
        {
            return (null, ManagementProblems.BodyNotJson(ex.Message));
        }
    }

    /// <summary>Reads a <c>true</c>/<c>false</c> query value; absent or empty is <paramref name="absent"/>.</summary>
    public static bool TryFlag(string parameter, string? value, bool absent, out bool flag, out ProblemHttpResult? problem)
    {
        problem = null;
        flag = absent;
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        if (bool.TryParse(value, out flag))
        {
            return true;
        }

        problem = ManagementProblems.InvalidQueryParameter(parameter, value, "it must be true or false", "nilainya harus true atau false");
        return false;
    }

    /// <summary>Reads a whole number within [<paramref name="min"/>, <paramref name="max"/>]; absent or empty is <paramref name="absent"/>.</summary>
    public static bool TryNumber(string parameter, string? value, int absent, int min, int max, out int number, out ProblemHttpResult? problem)
    {
        problem = null;
        number = absent;
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out number) && number >= min && number <= max)
        {
            return true;
        }

        problem = ManagementProblems.InvalidQueryParameter(parameter, value, $"it must be a whole number from {min} to {max}", $"nilainya harus bilangan bulat dari {min} sampai {max}");
        return false;
    }

    /// <summary>
    /// Reads an ISO 8601 time; without an offset it is UTC. A <c>+07:00</c> offset left unencoded in the URL arrives
    /// as a space, which is read back as the plus it was.
    /// </summary>
    public static bool TryTime(string parameter, string? value, out DateTimeOffset? time, out ProblemHttpResult? problem)
    {
        problem = null;
        time = null;
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        var text = UnencodedPlusOffset().Replace(value.Trim(), "${time}+${offset}");
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            time = parsed;
            return true;
        }

        problem = ManagementProblems.InvalidQueryParameter(
            parameter,
            value,
            "it must be an ISO 8601 time such as 2024-09-07T10:00:00+07:00 or 2024-09-07T03:00:00Z",
            "nilainya harus waktu ISO 8601 seperti 2024-09-07T10:00:00+07:00 atau 2024-09-07T03:00:00Z");
        return false;
    }

    /// <summary>Reads a comma-separated list of runtime status names (any case); absent or empty is <see langword="null"/>.</summary>
    public static bool TryStatuses(string parameter, string? value, out IReadOnlyCollection<OrchestrationRuntimeStatus>? statuses, out ProblemHttpResult? problem)
    {
        problem = null;
        statuses = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        var parsed = new HashSet<OrchestrationRuntimeStatus>();
        foreach (var item in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var status = ListedStatuses.FirstOrDefault(s => s.ToString().Equals(item, StringComparison.OrdinalIgnoreCase), (OrchestrationRuntimeStatus)(-1));
            if ((int)status == -1)
            {
                var valid = string.Join(", ", ListedStatuses);
                problem = ManagementProblems.InvalidQueryParameter(
                    parameter,
                    value,
                    $"'{item}' is not a runtime status; use one or more of {valid}, separated by commas",
                    $"'{item}' bukan status runtime; gunakan satu atau lebih dari {valid}, dipisahkan koma");
                return false;
            }

            parsed.Add(status);
        }

        statuses = parsed;
        return true;
    }

    // "2024-09-07T10:00:00 07:00": the query decoder turned the offset's '+' into a space.
    [GeneratedRegex(@"^(?<time>\S+T\S+) (?<offset>\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex UnencodedPlusOffset();
}
