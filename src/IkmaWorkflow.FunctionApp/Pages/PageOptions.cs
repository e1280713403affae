using IkmaWorkflow.Programmes;

namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>The web pages' settings (section <c>Pages</c>).</summary>
public sealed class PageOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Pages";

    /// <summary>
    /// Whether the app runs behind App Service authentication (Easy Auth) with Microsoft Entra ID, so that the
    /// <c>X-MS-CLIENT-PRINCIPAL</c> header it adds (and strips from what clients send) says who signed in. Default
    /// <see langword="false"/>: anywhere else anyone could send that header, so it is ignored.
    /// </summary>
    public bool TrustAppServiceAuthentication { get; init; }

    /// <summary>Reads the section; a value that is not true or false stops the app naming the key.</summary>
    /// <exception cref="AppSettingException">A setting cannot be read.</exception>
    public static PageOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var text = configuration[$"{SectionName}:{nameof(TrustAppServiceAuthentication)}"];
        if (string.IsNullOrWhiteSpace(text))
        {
            return new PageOptions();
        }

        return bool.TryParse(text.Trim(), out var trust)
            ? new PageOptions { TrustAppServiceAuthentication = trust }
            : throw new AppSettingException($"{SectionName}__{nameof(TrustAppServiceAuthentication)}", $"\"{text}\" is not true or false.");
    }
}
