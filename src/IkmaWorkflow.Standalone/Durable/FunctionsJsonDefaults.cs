using System.Text.Json;
using Microsoft.Extensions.Options;

namespace IkmaWorkflow.Standalone.Durable;

/// <summary>
/// The isolated worker's default serializer settings, which Durable Functions uses for inputs and outputs:
/// property names matched case-insensitively. The app's own <c>Configure&lt;JsonSerializerOptions&gt;</c> adds to them.
/// </summary>
internal sealed class FunctionsJsonDefaults : IConfigureOptions<JsonSerializerOptions>
{
    /// <inheritdoc/>
    public void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNameCaseInsensitive = true;
    }
}
