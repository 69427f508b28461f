using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Certificates.Revocation;

/// <summary>Validates <see cref="CrlOptions"/> at start-up; messages name the configuration key.</summary>
internal sealed class CrlOptionsValidator : IValidateOptions<CrlOptions>
{
    public ValidateOptionsResult Validate(string? name, CrlOptions options)
    {
        var failures = new List<string>();
        if (options.DownloadTimeout <= TimeSpan.Zero || options.DownloadTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add("Crl:DownloadTimeout must be between 0 and 5 minutes.");
        }

        if (options.MaxCrlSizeBytes <= 0 || options.MaxCrlSizeBytes > int.MaxValue)
        {
            failures.Add("Crl:MaxCrlSizeBytes must be positive and below 2 GiB.");
        }

        if (options.RefreshAheadFraction is <= 0 or >= 1 || double.IsNaN(options.RefreshAheadFraction))
        {
            failures.Add("Crl:RefreshAheadFraction must be greater than 0 and less than 1.");
        }

        if (options.RetryInterval < TimeSpan.Zero)
        {
            failures.Add("Crl:RetryInterval must not be negative.");
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromHours(1))
        {
            failures.Add("Crl:ClockSkew must be between 0 and 1 hour.");
        }

        if (options.ArchiveDirectory is { Length: > 0 } archive && !Path.IsPathFullyQualified(archive))
        {
            failures.Add("Crl:ArchiveDirectory must be an absolute path once resolved.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
