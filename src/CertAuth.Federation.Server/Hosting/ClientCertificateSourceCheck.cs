using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Server.Hosting;

/// <summary>
/// Start-up check for <c>Federation:ConfigureKestrel=false</c> (the host's own <c>Kestrel:Endpoints</c> listen, e.g. a farm
/// node behind a load balancer, scripts/farm.sh): the certificate sign-in needs a client certificate from somewhere, so at
/// least one of these must be configured, else the server refuses to start (fail closed, rather than answer every
/// certificate step with "no certificate"): an endpoint that asks for one in its TLS handshake
/// (<c>Kestrel:Endpoints:&lt;name&gt;:ClientCertificateMode</c> or <c>Kestrel:EndpointDefaults:ClientCertificateMode</c> set to
/// <c>AllowCertificate</c>, <c>RequireCertificate</c> or <c>DelayCertificate</c>), or a trusted load balancer that forwards it
/// as RFC 9440 <c>Client-Cert</c> (<c>Federation:ForwardedClientCertificate:TrustedProxies</c>). With
/// <c>ConfigureKestrel=true</c> the server makes its own certificate listener and nothing is checked here.
/// </summary>
internal static class ClientCertificateSourceCheck
{
    private static readonly string[] AskingModes = ["AllowCertificate", "RequireCertificate", "DelayCertificate"];

    /// <summary>The configured sources (for the message and the tests); empty when nothing can supply a client certificate.</summary>
    public static IReadOnlyList<string> Sources(IConfiguration configuration, FederationServerOptions options)
    {
        var sources = new List<string>();
        if (options.ForwardedClientCertificate.TrustedProxies.Any(p => !string.IsNullOrWhiteSpace(p)))
        {
            sources.Add("Federation:ForwardedClientCertificate:TrustedProxies");
        }

        if (Asks(configuration["Kestrel:EndpointDefaults:ClientCertificateMode"]))
        {
            sources.Add("Kestrel:EndpointDefaults:ClientCertificateMode");
        }

        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (Asks(endpoint["ClientCertificateMode"]) && endpoint["Url"] is { } url
                && url.StartsWith("https:", StringComparison.OrdinalIgnoreCase))
            {
                sources.Add($"Kestrel:Endpoints:{endpoint.Key}:ClientCertificateMode");
            }
        }

        return sources;
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> naming the keys when nothing can supply a client certificate.</summary>
    public static void Verify(IConfiguration configuration, FederationServerOptions options)
    {
        if (!options.Enabled || options.ConfigureKestrel || Sources(configuration, options).Count > 0)
        {
            return;
        }

        throw new OptionsValidationException(FederationServerOptions.SectionName, typeof(FederationServerOptions),
        [
            "Federation:ConfigureKestrel is false, but nothing can give the certificate sign-in a client certificate: set "
            + "Kestrel:Endpoints:<name>:ClientCertificateMode (or Kestrel:EndpointDefaults:ClientCertificateMode) to AllowCertificate, "
            + "RequireCertificate or DelayCertificate on an https endpoint, or list the TLS-terminating load balancer in "
            + "Federation:ForwardedClientCertificate:TrustedProxies (it forwards the certificate as RFC 9440 Client-Cert).",
        ]);
    }

    /// <summary>The check's failure, or null when a source is configured (or the check does not apply).</summary>
    public static string? Failure(IConfiguration configuration, FederationServerOptions options)
    {
        try
        {
            Verify(configuration, options);
            return null;
        }
        catch (OptionsValidationException ex)
        {
            return ex.Failures.Single();
        }
    }

    private static bool Asks(string? mode) => mode is not null && AskingModes.Contains(mode.Trim(), StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// Runs <see cref="ClientCertificateSourceCheck"/> as part of the validation of <see cref="FederationServerOptions"/>
/// (issue 12 item 7: once, at start, with the other option failures; registration throws nothing).
/// </summary>
internal sealed class ClientCertificateSourceValidator(IConfiguration configuration) : IValidateOptions<FederationServerOptions>
{
    public ValidateOptionsResult Validate(string? name, FederationServerOptions options) =>
        ClientCertificateSourceCheck.Failure(configuration, options) is { } failure ? ValidateOptionsResult.Fail(failure) : ValidateOptionsResult.Success;
}
