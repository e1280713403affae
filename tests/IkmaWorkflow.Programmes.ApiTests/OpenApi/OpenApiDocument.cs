using System.Text.Json;
using System.Text.Json.Nodes;

namespace IkmaWorkflow.Programmes.ApiTests.OpenApi;

/// <summary>
/// The app's OpenAPI description as the tests read it: operations by id, <c>$ref</c> resolution, and a check of a JSON
/// value against a schema for the subset of JSON Schema the description uses (<c>type</c>, <c>enum</c>,
/// <c>properties</c>, <c>required</c>, <c>additionalProperties</c>, <c>items</c>, <c>oneOf</c>, <c>pattern</c>,
/// <c>minimum</c>/<c>maximum</c>, <c>minItems</c>/<c>maxItems</c>, <c>maxLength</c>).
/// </summary>
internal sealed class OpenApiDocument
{
    private OpenApiDocument(JsonObject root) => Root = root;

    public JsonObject Root { get; }

    /// <summary>Every operation: method (upper case), path as written, and the operation object.</summary>
    public IEnumerable<(string Method, string Path, JsonObject Operation)> Operations =>
        Root["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject().Select(op => (op.Key.ToUpperInvariant(), path.Key, op.Value!.AsObject())));

    public static OpenApiDocument Parse(string json) => new(JsonNode.Parse(json)!.AsObject());

    public (string Method, string Path, JsonObject Operation) Operation(string operationId) =>
        Operations.Single(o => o.Operation["operationId"]!.GetValue<string>() == operationId);

    /// <summary>The node a local reference such as <c>#/components/schemas/Programme</c> points at, or <see langword="null"/>.</summary>
    public JsonNode? Resolve(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            return null;
        }

        JsonNode? node = Root;
        foreach (var raw in reference[2..].Split('/'))
        {
            var token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node is JsonObject o && o.TryGetPropertyValue(token, out var next) ? next : null;
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    /// <summary><paramref name="node"/>, or what its <c>$ref</c> points at (followed to the end).</summary>
    public JsonObject Deref(JsonNode node)
    {
        var current = node.AsObject();
        for (var hops = 0; current["$ref"] is { } reference; hops++)
        {
            Assert.True(hops < 10, $"Reference loop at {reference}.");
            current = (Resolve(reference.GetValue<string>()) ?? throw new InvalidOperationException($"Unresolved {reference}.")).AsObject();
        }

        return current;
    }

    /// <summary>The schema of the request body's <paramref name="mediaType"/> of an operation.</summary>
    public JsonObject RequestSchema(JsonObject operation, string mediaType = "application/json") =>
        Deref(operation["requestBody"]!["content"]![mediaType]!["schema"]!);

    /// <summary>
    /// The component schema <paramref name="name"/> when the operation's JSON body is that schema or lists it as the
    /// items of one of its members; otherwise <see langword="null"/>.
    /// </summary>
    public JsonObject? RequestSchemaOrNested(JsonObject operation, string name)
    {
        var target = Resolve($"#/components/schemas/{name}");
        var body = RequestSchema(operation);
        if (ReferenceEquals(body, target))
        {
            return body;
        }

        return body["properties"]?.AsObject()
            .Select(p => p.Value?["items"] is { } items ? Deref(items) : null)
            .FirstOrDefault(items => ReferenceEquals(items, target));
    }

    /// <summary>The example of the request body's <paramref name="mediaType"/> of an operation.</summary>
    public static JsonNode RequestExample(JsonObject operation, string mediaType = "application/json") =>
        operation["requestBody"]!["content"]![mediaType]!["example"]!.DeepClone();

    /// <summary>The response object of <paramref name="status"/>, or <see langword="null"/> when it is not described.</summary>
    public JsonObject? Response(JsonObject operation, int status) =>
        operation["responses"]!.AsObject().TryGetPropertyValue(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response) ? Deref(response!) : null;

    /// <summary>Every way <paramref name="value"/> departs from <paramref name="schema"/>, each naming where; empty when it conforms.</summary>
    public List<string> Check(JsonNode? value, JsonNode schema, string at = "$")
    {
        var problems = new List<string>();
        CheckInto(value, Deref(schema), at, problems);
        return problems;
    }

    private void CheckInto(JsonNode? value, JsonObject schema, string at, List<string> problems)
    {
        if (schema["oneOf"] is JsonArray choices)
        {
            var matching = choices.Count(c => Check(value, c!, at).Count == 0);
            if (matching != 1)
            {
                problems.Add($"{at}: matches {matching} of the oneOf choices, not exactly one.");
            }

            return;
        }

        var kind = KindOf(value);
        if (schema["type"] is { } type)
        {
            var allowed = type is JsonArray list ? list.Select(t => t!.GetValue<string>()).ToList() : [type.GetValue<string>()];
            if (!allowed.Contains(kind) && !(kind == "integer" && allowed.Contains("number")))
            {
                problems.Add($"{at}: is {kind}, the schema says {string.Join(" or ", allowed)}.");
                return;
            }
        }

        if (schema["enum"] is JsonArray values && !values.Any(v => JsonNode.DeepEquals(v, value)))
        {
            problems.Add($"{at}: {value?.ToJsonString() ?? "null"} is not one of {values.ToJsonString()}.");
        }

        switch (value)
        {
            case JsonObject obj:
                CheckObject(obj, schema, at, problems);
                break;
            case JsonArray array:
                if (schema["minItems"] is { } min && array.Count < min.GetValue<int>())
                {
                    problems.Add($"{at}: has {array.Count} items, fewer than minItems {min}.");
                }

                if (schema["maxItems"] is { } max && array.Count > max.GetValue<int>())
                {
                    problems.Add($"{at}: has {array.Count} items, more than maxItems {max}.");
                }

                if (schema["items"] is { } items)
                {
                    for (var i = 0; i < array.Count; i++)
                    {
                        CheckInto(array[i], Deref(items), $"{at}[{i}]", problems);
                    }
                }

                break;
            case JsonValue scalar when scalar.GetValueKind() == JsonValueKind.String:
                var text = scalar.GetValue<string>();
                if (schema["maxLength"] is { } maxLength && text.Length > maxLength.GetValue<int>())
                {
                    problems.Add($"{at}: is longer than maxLength {maxLength}.");
                }

                if (schema["pattern"] is { } pattern && !System.Text.RegularExpressions.Regex.IsMatch(text, pattern.GetValue<string>()))
                {
                    problems.Add($"{at}: '{text}' does not match pattern {pattern}.");
                }

                break;
            case JsonValue number when number.GetValueKind() == JsonValueKind.Number:
                var n = number.GetValue<decimal>();
                if ((schema["minimum"] is { } minimum && n < minimum.GetValue<decimal>()) || (schema["maximum"] is { } maximum && n > maximum.GetValue<decimal>()))
                {
                    problems.Add($"{at}: {n} is outside the schema's minimum/maximum.");
                }

                break;
        }
    }

    private void CheckObject(JsonObject obj, JsonObject schema, string at, List<string> problems)
    {
        var properties = schema["properties"]?.AsObject();
        foreach (var required in schema["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? [])
        {
            if (!obj.ContainsKey(required))
            {
                problems.Add($"{at}: lacks required member '{required}'.");
            }
        }

        foreach (var (name, member) in obj)
        {
            if (properties is not null && properties.TryGetPropertyValue(name, out var propertySchema))
            {
                CheckInto(member, Deref(propertySchema!), $"{at}.{name}", problems);
            }
            else if (schema["additionalProperties"] is JsonValue open && open.GetValueKind() == JsonValueKind.False)
            {
                problems.Add($"{at}: has member '{name}' the schema does not describe.");
            }
            else if (schema["additionalProperties"] is JsonObject additional)
            {
                CheckInto(member, Deref(additional), $"{at}.{name}", problems);
            }
        }
    }

    private static string KindOf(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => decimal.TryParse(v.ToJsonString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _) ? "integer" : "number",
            _ => "null",
        },
        _ => "unknown",
    };
}
