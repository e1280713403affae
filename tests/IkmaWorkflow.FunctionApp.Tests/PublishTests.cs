using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace IkmaWorkflow.FunctionApp.Tests;

/// <summary><c>dotnet publish</c> of the app: the folder that is zipped and deployed to Azure Functions.</summary>
public sealed class PublishTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(5);

    private readonly string _directory = Directory.CreateTempSubdirectory("ikma-functionapp-publish-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing a test over it is not.
        }
    }

    [Fact]
    [Trait("Category", "Publish")]
    public async Task Publish_Release_IsADeployableIsolatedWorkerAppWithTheDurableExtension()
    {
        var app = Path.Combine(_directory, "app");
        await PublishAsync(app);

        foreach (var file in new[] { "host.json", "functions.metadata", "worker.config.json", "extensions.json", FunctionAppBuild.AssemblyName + ".dll" })
        {
            Assert.True(File.Exists(Path.Combine(app, file)), $"{file} is missing from the publish folder.");
        }

        // The host starts the worker as worker.config.json says: dotnet running the app's assembly.
        var worker = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(app, "worker.config.json")))!;
        Assert.Equal("dotnet", worker["description"]!["defaultExecutablePath"]!.GetValue<string>());
        Assert.Equal(FunctionAppBuild.AssemblyName + ".dll", worker["description"]!["defaultWorkerPath"]!.GetValue<string>());

        // The host-side extensions the triggers need travel in .azurefunctions/, and extensions.json names them.
        var hostSide = Directory.GetFiles(Path.Combine(app, ".azurefunctions")).Select(Path.GetFileName).ToList();
        Assert.Contains("Microsoft.Azure.WebJobs.Extensions.DurableTask.dll", hostSide);
        Assert.Contains("DurableTask.AzureStorage.dll", hostSide);
        Assert.Contains("Microsoft.Azure.WebJobs.Extensions.Storage.Queues.dll", hostSide);
        var extensions = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(app, "extensions.json")))!["extensions"]!.AsArray()
            .Select(e => e!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("DurableTask", extensions);

        // The same functions as the build the other tests read.
        Assert.Equal(
            await File.ReadAllTextAsync(Path.Combine(FunctionAppBuild.OutputDirectory, "functions.metadata")),
            await File.ReadAllTextAsync(Path.Combine(app, "functions.metadata")));
    }

    private async Task PublishAsync(string publishDirectory)
    {
        // Intermediate and build output go to a private artifacts folder, not the source tree's bin/obj, so a
        // concurrent build of the solution is not disturbed; no build servers outlive the test.
        var startInfo = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = FunctionAppBuild.RepositoryRoot,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "publish", FunctionAppBuild.ProjectPath,
            "-c", "Release",
            "-o", publishDirectory,
            "--artifacts-path", Path.Combine(_directory, "artifacts"),
            "--disable-build-servers",
            "--nologo",
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var log = new StringBuilder();
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);

        var watch = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using (var timeout = new CancellationTokenSource(PublishTimeout))
        {
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                Assert.Fail($"dotnet publish did not finish within {PublishTimeout.TotalMinutes:0} min.{Environment.NewLine}{Snapshot(log)}");
            }
        }

        output.WriteLine($"dotnet publish took {watch.Elapsed.TotalSeconds:F1} s.");
        Assert.True(process.ExitCode == 0, $"dotnet publish exited with code {process.ExitCode}.{Environment.NewLine}{Snapshot(log)}");
    }

    // The dotnet that runs this test, so the publish uses the same SDK.
    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
            ? path
            : Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", "..", "dotnet");

    private static void Append(StringBuilder log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }

    private static string Snapshot(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }
}
