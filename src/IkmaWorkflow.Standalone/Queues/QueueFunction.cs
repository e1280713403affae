using Azure.Storage.Queues.Models;
using IkmaWorkflow.Standalone.Invocation;
using IkmaWorkflow.Standalone.Settings;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;

namespace IkmaWorkflow.Standalone.Queues;

/// <summary>A queue-triggered function with its queue, from its <see cref="QueueTriggerAttribute"/>.</summary>
/// <param name="Method">The method and its binders.</param>
/// <param name="QueueName">The queue, <c>%Setting%</c> resolved.</param>
internal sealed record QueueFunction(FunctionMethod Method, string QueueName)
{
    private const string PoisonSuffix = "-poison";
    private const int MaxQueueNameLength = 63;

    /// <summary>
    /// Chooses the binders of a queue-triggered function. The trigger binds as the message text
    /// (<see cref="string"/>), its bytes (<c>byte[]</c>, <see cref="BinaryData"/>) or the whole
    /// <see cref="QueueMessage"/>, decoded from <c>messageEncoding</c> like the rest.
    /// </summary>
    /// <exception cref="FunctionAppConfigurationException">A parameter cannot be bound.</exception>
    public static FunctionMethod BindMethod(FunctionDefinition definition) =>
        FunctionMethod.Create(definition, BindTrigger, bindOther: null, "string, byte[], BinaryData or QueueMessage");

    /// <summary>Reads the trigger of <paramref name="definition"/>, resolving its queue name from <paramref name="configuration"/>.</summary>
    /// <exception cref="FunctionAppConfigurationException">The queue name or its setting is invalid, the connection is not the app's storage, or a parameter cannot be bound.</exception>
    public static QueueFunction Create(FunctionDefinition definition, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var trigger = (QueueTriggerAttribute)definition.TriggerAttribute;
        if (trigger.Connection is { Length: > 0 } connection && !connection.Equals(FunctionHostSettings.StorageKey, StringComparison.OrdinalIgnoreCase))
        {
            throw new FunctionAppConfigurationException(definition.Name, $"its queue trigger uses connection \"{connection}\"; the standalone host reads queues from {FunctionHostSettings.StorageKey} only.");
        }

        var queueName = AppSettingReferences.Resolve(trigger.QueueName, configuration, definition.Name, "queue name");
        if (!IsValidQueueName(queueName))
        {
            throw new FunctionAppConfigurationException(
                AppSettingReferences.SourceOf(trigger.QueueName, definition.Name),
                $"\"{queueName}\", the queue of function '{definition.Name}', is not a valid queue name: 3 to {MaxQueueNameLength - PoisonSuffix.Length} lowercase letters, digits and single hyphens, starting and ending with a letter or digit (its poison queue adds \"{PoisonSuffix}\").");
        }

        return new QueueFunction(BindMethod(definition), queueName);
    }

    /// <summary>The queue failed messages move to after <c>maxDequeueCount</c> attempts.</summary>
    public string PoisonQueueName => QueueName + PoisonSuffix;

    private static bool IsValidQueueName(string name) =>
        name.Length >= 3
        && name.Length + PoisonSuffix.Length <= MaxQueueNameLength
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && name[0] != '-' && name[^1] != '-'
        && !name.Contains("--", StringComparison.Ordinal);

    // The trigger value is the received message with its body decoded.
    private static ParameterBinder? BindTrigger(System.Reflection.ParameterInfo trigger) => trigger.ParameterType switch
    {
        var t when t == typeof(string) => static (in InvocationArguments a) => ((QueueMessage)a.TriggerValue!).Body.ToString(),
        var t when t == typeof(byte[]) => static (in InvocationArguments a) => ((QueueMessage)a.TriggerValue!).Body.ToArray(),
        var t when t == typeof(BinaryData) => static (in InvocationArguments a) => ((QueueMessage)a.TriggerValue!).Body,
        var t when t == typeof(QueueMessage) => static (in InvocationArguments a) => a.TriggerValue,
        _ => null,
    };
}
