using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CertAuth.Federation.Certificates.Authorities;
using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.Hosting;
using CertAuth.Federation.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.AdminApi;

/// <summary>
/// Wires one role's admin HTTP API: <see cref="AddAdminApi"/> (services, OpenAPI document), <see cref="ListenAdmin"/>
/// (its own HTTPS listener asking for a client certificate), <see cref="MapAdminApi"/> (the authentication middleware
/// and the endpoints). Nothing is added when <see cref="AdminApiOptions.Enabled"/> is false.
/// </summary>
public static class AdminApiExtensions
{
    /// <summary>The OpenAPI document's name; served at <c>/admin/openapi/v1.json</c>.</summary>
    public const string DocumentName = "v1";

    internal const string ActorKey = "certauth.admin.actor";

    /// <summary>
    /// Registers the admin API when <paramref name="options"/> enable it and returns whether it did. No file is read here
    /// (issue 12 item 7): the admin CA is loaded once at host start (a start-up load naming
    /// <c>{sectionName}:ClientCaCertificate</c>), and the options are checked by the role's options validator through
    /// <see cref="Validate"/>, once, at start.
    /// </summary>
    public static bool AddAdminApi(this IServiceCollection services, AdminApiOptions options, StoreRole role, string sectionName, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return false;
        }

        var caKey = $"{sectionName}:ClientCaCertificate";
        var host = new AdminApiHost(role, options, () => LoadCa(options.ClientCaCertificate, contentRoot, caKey), sectionName);
        services.AddSingleton(host);
        services.AddStartupLoad(caKey, sp => sp.GetRequiredService<AdminApiHost>().LoadClientCa());
        var url = options.Url;
        services.AddOpenApi(DocumentName, openApi =>
        {
            openApi.ShouldInclude = description => description.ActionDescriptor.EndpointMetadata.OfType<AdminApiEndpointMetadata>().Any();
            openApi.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = role == StoreRole.Federation ? "CertAuth federation server admin API" : "CertAuth token service admin API";
                document.Info.Description = "Client certificate from the admin CA required (listener " + url?.GetLeftPart(UriPartial.Authority) + "). Refusals are JSON problems with a stable code.";
                return Task.CompletedTask;
            });
        });
        return true;
    }

    /// <summary>
    /// The admin API's option rules (no file is read): the role's options validator adds these failures, so that a
    /// misconfigured admin API fails the start once, with the other option failures.
    /// </summary>
    public static IReadOnlyList<string> Validate(AdminApiOptions options, StoreRole role, string sectionName)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!options.Enabled)
        {
            return failures;
        }

        if (options.Url is not { IsAbsoluteUri: true } url || url.Scheme != Uri.UriSchemeHttps)
        {
            failures.Add($"{sectionName}:Url must be an absolute https URL (e.g. https://localhost:{(role == StoreRole.Federation ? 44310 : 44311)}).");
        }

        if (options.MaxRequestBytes is < 1024 or > 16 * 1024 * 1024)
        {
            failures.Add($"{sectionName}:MaxRequestBytes must be between 1024 and 16777216.");
        }

        if (options.CrlUrl is { } crlUrl && (!crlUrl.IsAbsoluteUri || (crlUrl.Scheme != Uri.UriSchemeHttp && crlUrl.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add($"{sectionName}:CrlUrl must be an absolute http or https URL (the admin CA's CRL).");
        }

        if (options.CrlGracePeriod is { } grace && grace < TimeSpan.Zero)
        {
            failures.Add($"{sectionName}:CrlGracePeriod must not be negative.");
        }

        if (options.RateLimit.PermitLimit < 1)
        {
            failures.Add($"{sectionName}:RateLimit:PermitLimit must be at least 1.");
        }

        if (string.IsNullOrWhiteSpace(options.ClientCaCertificate))
        {
            failures.Add($"{sectionName}:ClientCaCertificate is required when the admin API is enabled (the CA that issues administrators' client certificates).");
        }

        return failures;
    }

    /// <summary>Adds the admin listener: HTTPS with <paramref name="tls"/>, asking every client for a certificate (checked by the middleware, so a missing one gets a 401 problem, not a TLS alert).</summary>
    public static void ListenAdmin(KestrelServerOptions kestrel, AdminApiHost host, X509Certificate2 tls) => ListenAdmin(kestrel, host, () => tls);

    /// <summary>As above, the TLS certificate from <paramref name="tls"/> at each handshake (loaded at host start, not when Kestrel is configured).</summary>
    public static void ListenAdmin(KestrelServerOptions kestrel, AdminApiHost host, Func<X509Certificate2> tls)
    {
        ArgumentNullException.ThrowIfNull(tls);
        ArgumentNullException.ThrowIfNull(kestrel);
        ArgumentNullException.ThrowIfNull(host);
        if (host.Options.Url is not { IsAbsoluteUri: true } url)
        {
            // Refused by the role's options validation at start (AdminApiExtensions.Validate); nothing to listen on.
            return;
        }

        void Configure(Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions listen)
        {
            listen.Protocols = HttpProtocols.Http1;
            listen.UseHttps(TlsListenerOptions.AskingForClientCertificate(tls, allowTlsResume: true));
        }

        if (url.IsLoopback || string.Equals(url.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(url.Port, Configure);
        }
        else if (System.Net.IPAddress.TryParse(url.Host, out var address))
        {
            kestrel.Listen(address, url.Port, Configure);
        }
        else
        {
            kestrel.ListenAnyIP(url.Port, Configure);
        }
    }

    /// <summary>
    /// Adds the admin middleware (only the admin listener serves admin endpoints, and only to a valid admin
    /// certificate; rate limit; body size) and maps the endpoints of the host's role plus the OpenAPI document.
    /// Does nothing when the API is off.
    /// </summary>
    public static WebApplication MapAdminApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetService<AdminApiHost>() is not { } host)
        {
            return app;
        }

        app.Use((context, next) => AdminGateAsync(context, next, host));
        // JSON problems only: the role's status-code pages (text or themed HTML) never rewrite an admin response.
        var group = app.MapGroup("/admin").WithMetadata(new AdminApiEndpointMetadata(), new SkipStatusCodePagesMetadata()).WithGroupName(DocumentName);
        AdminEndpoints.Map(group, host.Role);
        app.MapOpenApi("/admin/openapi/{documentName}.json").WithMetadata(new AdminApiEndpointMetadata());
        return app;
    }

    private static async Task AdminGateAsync(HttpContext context, RequestDelegate next, AdminApiHost host)
    {
        var onAdminListener = context.Connection.LocalPort == host.Port;
        var adminEndpoint = context.GetEndpoint()?.Metadata.GetMetadata<AdminApiEndpointMetadata>() is not null;
        if (!onAdminListener)
        {
            if (adminEndpoint)
            {
                // The admin endpoints exist only on the admin listener, whatever Host header is sent.
                await WriteProblemAsync(context, StatusCodes.Status404NotFound, AdminApiCodes.NoSuchEndpoint, "the admin API is served on its own listener only.");
                return;
            }

            await next(context);
            return;
        }

        using var lease = await host.Limiter.AcquireAsync(context, 1, context.RequestAborted);
        if (!lease.IsAcquired)
        {
            // Retry-After is set after the response is cleared (WriteProblemAsync clears it, headers included).
            context.Response.Clear();
            var seconds = ClientRateLimiting.SetRetryAfter(context, lease, host.Options.RateLimit.Window);
            await ProblemResult(StatusCodes.Status429TooManyRequests, AdminApiCodes.RateLimited, $"too many admin requests; retry after {seconds} s.").ExecuteAsync(context);
            return;
        }

        if (!adminEndpoint)
        {
            await WriteProblemAsync(context, StatusCodes.Status404NotFound, AdminApiCodes.NoSuchEndpoint, "no such admin endpoint; see /admin/openapi/v1.json.");
            return;
        }

        var certificate = context.Connection.ClientCertificate ?? await context.Connection.GetClientCertificateAsync(context.RequestAborted);
        if (certificate is null)
        {
            await WriteProblemAsync(context, StatusCodes.Status401Unauthorized, AdminApiCodes.CertificateRequired, "a client certificate issued by the admin CA is required.");
            return;
        }

        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        if (!host.IsAdminCertificate(certificate, now))
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AdminApiExtensions))
                .AdminCertificateRefused(certificate.Subject, certificate.GetCertHashString(HashAlgorithmName.SHA256));
            await WriteProblemAsync(context, StatusCodes.Status403Forbidden, AdminApiCodes.CertificateNotAdmin, "the client certificate is not a valid client-authentication certificate from the admin CA.");
            return;
        }

        if (host.RevocationAuthority is { } authority && !await AdminCertificateNotRevokedAsync(context, authority, certificate))
        {
            return;
        }

        context.Items[ActorKey] = Actor(certificate);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = host.Options.MaxRequestBytes;
        }

        if (context.Request.ContentLength > host.Options.MaxRequestBytes)
        {
            await WriteProblemAsync(context, StatusCodes.Status413PayloadTooLarge, AdminApiCodes.TooLarge, $"the request body is larger than {host.Options.MaxRequestBytes} bytes.");
            return;
        }

        try
        {
            await next(context);
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            var tooLarge = ex.StatusCode == StatusCodes.Status413PayloadTooLarge;
            await WriteProblemAsync(context, tooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest,
                tooLarge ? AdminApiCodes.TooLarge : AdminApiCodes.BadRequest, tooLarge ? $"the request body is larger than {host.Options.MaxRequestBytes} bytes." : "the request is not valid.");
            return;
        }

        // A body that does not bind (malformed JSON, wrong types) ends as an empty 400: give it the problem shape too.
        if (context.Response.StatusCode == StatusCodes.Status400BadRequest && !context.Response.HasStarted)
        {
            await WriteProblemAsync(context, StatusCodes.Status400BadRequest, AdminApiCodes.BadRequest, "the request body is not the JSON this endpoint takes (see /admin/openapi/v1.json).");
        }
    }

    /// <summary>
    /// Checks the admin certificate against the admin CA's CRL with the role's own revocation checker and CRL cache
    /// (src/CertAuth.Federation.Certificates/Revocation); writes the refusal and returns false when it is revoked (403
    /// <c>CAA2007</c>) or when no valid CRL can be obtained (503 <c>CAA2008</c>: fail closed).
    /// </summary>
    private static async Task<bool> AdminCertificateNotRevokedAsync(HttpContext context, TrustedCertificateAuthority authority, X509Certificate2 certificate)
    {
        var checker = context.RequestServices.GetRequiredService<IRevocationChecker>();
        var result = await checker.CheckAsync(authority, certificate.SerialNumber, CertificateKind.EndEntity, context.RequestAborted);
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AdminApiExtensions));
        switch (result.Status)
        {
            case RevocationStatus.Good:
                return true;
            case RevocationStatus.Revoked:
                logger.AdminCertificateRevoked(certificate.Subject, certificate.SerialNumber);
                await WriteProblemAsync(context, StatusCodes.Status403Forbidden, AdminApiCodes.CertificateRevoked, "the client certificate is revoked by the admin CA.");
                return false;
            default:
                logger.AdminRevocationUnavailable(result.Status.ToString(), result.Failure?.ToString());
                await WriteProblemAsync(context, StatusCodes.Status503ServiceUnavailable, AdminApiCodes.RevocationUnavailable, "the admin CA's revocation list is unavailable; admin requests are refused until it can be obtained.");
                return false;
        }
    }

    /// <summary>The audit actor: the admin certificate's subject (bounded, one line).</summary>
    private static string Actor(X509Certificate2 certificate)
    {
        var subject = certificate.Subject.ReplaceLineEndings(" ");
        return subject.Length <= 256 ? subject : subject[..256];
    }

    internal static string ActorOf(HttpContext context) => context.Items[ActorKey] as string
        ?? throw new InvalidOperationException("admin endpoint reached without an authenticated admin certificate.");

    internal static Task WriteProblemAsync(HttpContext context, int status, string code, string detail)
    {
        context.Response.Clear();
        return ProblemResult(status, code, detail).ExecuteAsync(context);
    }

    private static IResult ProblemResult(int status, string code, string detail) =>
        Results.Problem(statusCode: status, title: code, detail: detail, extensions: new Dictionary<string, object?> { ["code"] = code });

    private static X509Certificate2 LoadCa(string? path, string contentRoot, string key)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new StartupConfigurationException(key, $"{key} is required when the admin API is enabled (the CA that issues administrators' client certificates).");
        }

        var full = Path.GetFullPath(Path.Combine(contentRoot, path));
        if (!File.Exists(full))
        {
            throw new StartupConfigurationException(key, $"{key}: the file '{full}' does not exist.");
        }

        try
        {
            var bytes = File.ReadAllBytes(full);
            var text = Encoding.ASCII.GetString(bytes);
            var certificate = text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
                ? X509Certificate2.CreateFromPem(text)
                : X509CertificateLoader.LoadCertificate(bytes);
            if (certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is not { CertificateAuthority: true })
            {
                certificate.Dispose();
                throw new StartupConfigurationException(key, $"{key}: '{full}' is not a CA certificate.");
            }

            return certificate;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new StartupConfigurationException(key, $"{key}: cannot read the admin CA certificate '{full}': {ex.Message}", ex);
        }
    }
}

/// <summary>Tells the role's status-code pages to leave admin responses alone (they are JSON problems already).</summary>
internal sealed class SkipStatusCodePagesMetadata : Microsoft.AspNetCore.Http.Metadata.ISkipStatusCodePagesMetadata;

/// <summary>Marks the admin API's endpoints (served only on the admin listener, behind the admin certificate check).</summary>
public sealed class AdminApiEndpointMetadata;
