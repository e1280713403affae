namespace IkmaWorkflow.Standalone.Tests.Durable.TestFunctions;

/// <summary>A service an activity class takes in its constructor.</summary>
/// <param name="Salutation">What a greeting starts with, set per test host.</param>
public sealed record Greeter(string Salutation)
{
    /// <summary>Greets <paramref name="name"/>.</summary>
    public string Greet(string name) => $"{Salutation}, {name}";
}
