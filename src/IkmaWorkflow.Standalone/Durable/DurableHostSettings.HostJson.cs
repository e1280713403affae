using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace IkmaWorkflow.Standalone.Durable;

public sealed partial class DurableHostSettings
{
    private const string SiteNameSetting = "WEBSITE_SITE_NAME";
    private const int MaxHubNameLength = 45;

    /// <summary>
    /// Reads the <c>extensions.durableTask</c> section of <c>host.json</c> as Durable Functions does: keys are
    /// case-insensitive, unknown keys are ignored, a missing key keeps its default, and a <c>hubName</c> of the form
    /// <c>%Setting%</c> is the value of that app setting (<c>Setting__Part</c> is the configuration key
    /// <c>Setting:Part</c>). Then validates the result.
    /// </summary>
    /// <param name="durableTaskSection">The section; an undefined or null element means no section (all defaults).</param>
    /// <param name="configuration">The app settings, for <c>%Setting%</c> and <c>WEBSITE_SITE_NAME</c>.</param>
    /// <exception cref="FunctionAppConfigurationException">A value has the wrong type or is out of range, or a setting is missing.</exception>
    public static DurableHostSettings FromHostJson(JsonElement durableTaskSection, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        var section = ObjectOrEmpty(durableTaskSection, Section);
        var storage = ObjectOrEmpty(Find(section, "storageProvider"), StorageSection);
        var defaults = new DurableHostSettings();

        var settings = new DurableHostSettings
        {
            HubName = ResolveHubName(Find(section, "hubName"), configuration),
            MaxConcurrentActivityFunctions = ReadInt(section, "maxConcurrentActivityFunctions", MaxConcurrentActivityFunctionsKey) ?? defaults.MaxConcurrentActivityFunctions,
            MaxConcurrentOrchestratorFunctions = ReadInt(section, "maxConcurrentOrchestratorFunctions", MaxConcurrentOrchestratorFunctionsKey) ?? defaults.MaxConcurrentOrchestratorFunctions,
            UseAppLease = ReadBool(section, "useAppLease", UseAppLeaseKey) ?? defaults.UseAppLease,
            OverridableExistingInstanceStates = ReadEnum<OverridableInstanceStates>(section, "overridableExistingInstanceStates", OverridableExistingInstanceStatesKey) ?? defaults.OverridableExistingInstanceStates,
            ConnectionName = ReadString(storage, "connectionName", ConnectionNameKey) ?? defaults.ConnectionName,
            PartitionCount = ReadInt(storage, "partitionCount", PartitionCountKey) ?? defaults.PartitionCount,
            ControlQueueBatchSize = ReadInt(storage, "controlQueueBatchSize", ControlQueueBatchSizeKey) ?? defaults.ControlQueueBatchSize,
            ControlQueueBufferThreshold = ReadInt(storage, "controlQueueBufferThreshold", ControlQueueBufferThresholdKey) ?? defaults.ControlQueueBufferThreshold,
            ControlQueueVisibilityTimeout = ReadTimeSpan(storage, "controlQueueVisibilityTimeout", ControlQueueVisibilityTimeoutKey) ?? defaults.ControlQueueVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = ReadTimeSpan(storage, "workItemQueueVisibilityTimeout", WorkItemQueueVisibilityTimeoutKey) ?? defaults.WorkItemQueueVisibilityTimeout,
            MaxQueuePollingInterval = ReadTimeSpan(storage, "maxQueuePollingInterval", MaxQueuePollingIntervalKey) ?? defaults.MaxQueuePollingInterval,
            UseTablePartitionManagement = ReadBool(storage, "useTablePartitionManagement", UseTablePartitionManagementKey) ?? defaults.UseTablePartitionManagement,
            PartitionTableOperationTimeout = ReadTimeSpan(storage, "partitionTableOperationTimeout", PartitionTableOperationTimeoutKey) ?? defaults.PartitionTableOperationTimeout,
            PartitionLeaseInterval = ReadTimeSpan(storage, "partitionLeaseInterval", PartitionLeaseIntervalKey) ?? defaults.PartitionLeaseInterval,
            PartitionLeaseAcquireInterval = ReadTimeSpan(storage, "partitionLeaseAcquireInterval", PartitionLeaseAcquireIntervalKey) ?? defaults.PartitionLeaseAcquireInterval,
            PartitionLeaseRenewInterval = ReadTimeSpan(storage, "partitionLeaseRenewInterval", PartitionLeaseRenewIntervalKey) ?? defaults.PartitionLeaseRenewInterval,
        };
        settings.Validate();
        return settings;
    }

    private static JsonElement ObjectOrEmpty(JsonElement element, string key) => element.ValueKind switch
    {
        JsonValueKind.Object => element,
        JsonValueKind.Undefined or JsonValueKind.Null => default,
        _ => throw FunctionAppConfigurationException.Worded(key, $"host.json {key} must be an object, not {Describe(element)}."),
    };

    private static JsonElement Find(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            return default;
        }

        foreach (var property in obj.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return default;
    }

    private static string ResolveHubName(JsonElement value, IConfiguration configuration)
    {
        var hubName = ReadString(value, HubNameKey);
        if (hubName is null)
        {
            return configuration[SiteNameSetting] is { Length: > 0 } siteName ? SanitizeHubName(siteName) : DefaultHubName;
        }

        if (hubName.Length > 2 && hubName[0] == '%' && hubName[^1] == '%')
        {
            var setting = hubName[1..^1];
            var key = setting.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal);
            if (configuration[key] is not { Length: > 0 } resolved)
            {
                throw FunctionAppConfigurationException.Worded(
                    HubNameKey,
                    $"host.json {HubNameKey} is \"{hubName}\", but the app setting {setting} (configuration key {key}) is missing or empty; set it or write the hub name itself.");
            }

            // Named after the setting the user wrote, not host.json's reference to it.
            return IsValidHubName(resolved)
                ? resolved
                : throw FunctionAppConfigurationException.Worded(
                    setting,
                    $"{setting}: \"{resolved}\" is not a task hub name: use 3 to 45 letters and digits, starting with a letter.");
        }

        return hubName;
    }

    // The sanitation Durable Functions applies to a default hub name taken from the site name: letters and digits
    // only, a leading 't' when it would start with a digit, at most 45 characters, padded with "Hub" when too short.
    private static string SanitizeHubName(string siteName)
    {
        var builder = new StringBuilder(siteName.Length + 1);
        foreach (var c in siteName)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(c);
            }
        }

        if (builder.Length == 0)
        {
            return DefaultHubName;
        }

        if (char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, 't');
        }

        if (builder.Length > MaxHubNameLength)
        {
            builder.Length = MaxHubNameLength;
        }

        if (builder.Length < 3)
        {
            builder.Append("Hub");
        }

        return builder.ToString();
    }

    private static string? ReadString(JsonElement obj, string name, string key) => ReadString(Find(obj, name), key);

    private static string? ReadString(JsonElement value, string key) => value.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString(),
        _ => throw FunctionAppConfigurationException.Worded(key, $"host.json {key} must be a string, not {Describe(value)}."),
    };

    private static int? ReadInt(JsonElement obj, string name, string key)
    {
        var value = Find(obj, name);
        switch (value.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return null;
            case JsonValueKind.Number when value.TryGetInt32(out var number):
                return number;
            case JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed):
                return parsed;
            default:
                throw FunctionAppConfigurationException.Worded(key, $"host.json {key} must be a whole number, not {Describe(value)}.");
        }
    }

    private static bool? ReadBool(JsonElement obj, string name, string key)
    {
        var value = Find(obj, name);
        switch (value.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return null;
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.String when bool.TryParse(value.GetString(), out var parsed):
                return parsed;
            default:
                throw FunctionAppConfigurationException.Worded(key, $"host.json {key} must be true or false, not {Describe(value)}.");
        }
    }

    private static TEnum? ReadEnum<TEnum>(JsonElement obj, string name, string key)
        where TEnum : struct, Enum
    {
        var value = Find(obj, name);
        switch (value.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return null;
            case JsonValueKind.String when Enum.TryParse<TEnum>(value.GetString(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !char.IsAsciiDigit(value.GetString()![0]):
                return parsed;
            default:
                throw FunctionAppConfigurationException.Worded(key, $"host.json {key} must be one of {string.Join(", ", Enum.GetNames<TEnum>())}, not {Describe(value)}.");
        }
    }

    private static TimeSpan? ReadTimeSpan(JsonElement obj, string name, string key)
    {
        var value = Find(obj, name);
        switch (value.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return null;
            case JsonValueKind.String when TimeSpan.TryParse(value.GetString(), CultureInfo.InvariantCulture, out var parsed):
                return parsed;
            default:
                throw FunctionAppConfigurationException.Worded(key, $"host.json {key} must be a time span such as \"00:05:00\" (hh:mm:ss), not {Describe(value)}.");
        }
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"\"{value.GetString()}\"",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => value.GetRawText(),
    };
}
