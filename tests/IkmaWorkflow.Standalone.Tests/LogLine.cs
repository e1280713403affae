using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Standalone.Tests;

/// <summary>One line a test app logged.</summary>
internal sealed record LogLine(LogLevel Level, string Category, int EventId, string Message, Exception? Exception);
