using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Web.Themes;

/// <summary>Start-up validation of <see cref="ThemeOptions"/>; every message names its configuration key.</summary>
internal sealed class ThemeOptionsValidator : IValidateOptions<ThemeOptions>
{
    public ValidateOptionsResult Validate(string? name, ThemeOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            failures.Add("Themes:Path must name a folder.");
        }

        if (!ThemeNames.IsValid(options.Active))
        {
            failures.Add($"Themes:Active must be 1-{ThemeNames.MaxLength} letters, digits, '-' or '_'.");
        }

        if (!LocaleNames.IsValid(options.DefaultLocale))
        {
            failures.Add("Themes:DefaultLocale must be a language tag such as 'en' or 'pt-BR'.");
        }

        if (options.ActiveCacheLifetime < TimeSpan.Zero || options.ActiveCacheLifetime > TimeSpan.FromHours(1))
        {
            failures.Add("Themes:ActiveCacheLifetime must be between 00:00:00 and 01:00:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
