namespace IkmaWorkflow.Programmes.Notifications;

/// <summary>Argument checks shared by the notification models.</summary>
internal static class Require
{
    public static string Text(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"{name} must not be empty.", name) : value.Trim();

    public static IReadOnlyList<T> NonEmpty<T>(IReadOnlyList<T>? items, string name) =>
        items is null || items.Count == 0 ? throw new ArgumentException($"{name} must hold at least one item.", name) : [.. items];

    public static IReadOnlyList<string> Texts(IReadOnlyList<string>? items, string name) =>
        [.. NonEmpty(items, name).Select((item, i) => Text(item, $"{name}[{i}]"))];
}
