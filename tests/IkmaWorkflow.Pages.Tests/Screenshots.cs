using Microsoft.Playwright;

namespace IkmaWorkflow.Pages.Tests;

/// <summary>Saves a page as the README shows it, at a phone's width (390 px) and a desktop's (1280 px), into docs/screenshots/.</summary>
internal static class Screenshots
{
    private static readonly string Folder = Path.Combine(RepositoryRoot(), "docs", "screenshots");

    public static async Task SaveAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Folder);
        var (width0, height0) = page.ViewportSize is { } size ? (size.Width, size.Height) : (1280, 900);
        foreach (var (suffix, width) in new[] { ("phone", 390), ("desktop", 1280) })
        {
            await page.SetViewportSizeAsync(width, width == 390 ? 844 : 900);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, $"{name}-{suffix}.png"), FullPage = true, Animations = ScreenshotAnimations.Disabled });
        }

        await page.SetViewportSizeAsync(width0, height0);
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "IkmaWorkflow.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No IkmaWorkflow.sln above {AppContext.BaseDirectory}: the screenshots have nowhere to go.");
    }
}
