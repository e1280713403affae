using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using IkmaWorkflow.Testing;
using Xunit.Abstractions;

namespace IkmaWorkflow.FunctionApp.Tests;

/// <summary>
/// <c>dotnet publish</c> of the app, the folder that is deployed to Azure Functions: its layout and its executable
/// started the way the host starts it.
/// </summary>
public sealed class PublishTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(5);

    private readonly string _directory = Directory.CreateTempSubdirectory("ikma-functionapp-publish-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing a test over it is not.
        }

        return Task.CompletedTask;
    }

    [Fact]
    [Trait("Category", "Publish")]
    public async Task Publish_Release_IsFunctionAppRootWhoseExecutableServesTheHost()
    {
        var publishDirectory = Path.Combine(_directory, "app");
        await PublishAsync(publishDirectory);

        Assert.True(File.Exists(Path.Combine(publishDirectory, "host.json")), "host.json is missing from the publish folder.");
        Assert.True(File.Exists(Path.Combine(publishDirectory, "Health", "function.json")), "Health/function.json is missing from the publish folder.");

        // Every function folder of the build output is deployed, and no other.
        Assert.Equal(
            FunctionAppBuild.FunctionDirectories(FunctionAppBuild.OutputDirectory).Select(Path.GetFileName),
            FunctionAppBuild.FunctionDirectories(publishDirectory).Select(Path.GetFileName));

        // The host runs defaultExecutablePath as it is, so it must be there and executable.
        var host = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(publishDirectory, "host.json")));
        var executableName = host?["customHandler"]?["description"]?["defaultExecutablePath"]?.GetValue<string>();
        Assert.False(string.IsNullOrEmpty(executableName), "host.json has no customHandler.description.defaultExecutablePath.");
        var executable = Path.Combine(publishDirectory, executableName);
        Assert.True(File.Exists(executable), $"The executable {executableName} named by host.json is missing from the publish folder.");
        Assert.True(File.GetUnixFileMode(executable).HasFlag(UnixFileMode.UserExecute), $"{executableName} is not executable.");

        // The Functions Linux images carry no .NET 10 runtime for custom handlers: the app must bring its own.
        var runtimeConfig = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(publishDirectory, FunctionAppBuild.AssemblyName + ".runtimeconfig.json")));
        Assert.NotNull(runtimeConfig?["runtimeOptions"]?["includedFrameworks"]);

        // Real storage, so only the layout and the executable are on trial here, not how the app meets an outage.
        await using var azurite = await AzuriteInstance.StartAsync();
        var ports = FreePort.Next(2);
        await using var app = AppProcess.Start(executable, [], FunctionAppBuild.HostSettings(azurite.ConnectionString, ports[0], ports[1]));
        await app.WaitUntilReadyAsync(AppHttp.Loopback(ports[0]));

        var readiness = await AppHttp.GetAsync(AppHttp.Loopback(ports[0]), "/");
        readiness.AssertStatus(HttpStatusCode.OK, app).Json();
    }

    private async Task PublishAsync(string publishDirectory)
    {
        // Intermediate and build output go to a private artifacts folder, not the source tree's bin/obj: the publish
        // restores for linux-x64, which would otherwise rewrite the project's assets file under a concurrent build.
        // No build servers, so no MSBuild node or compiler server outlives the test.
        var startInfo = new ProcessStartInfo(AppProcess.DotnetHost())
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
