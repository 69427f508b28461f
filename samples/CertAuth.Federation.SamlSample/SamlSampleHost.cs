using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CertAuth.Federation.Protocols;
using CertAuth.Federation.Protocols.Validation;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CertAuth.Federation.SamlSample;

/// <summary>
/// Builds the SAML sample: a link that starts an IdP-initiated sign-in at the federation server, the assertion consumer
/// service (<c>POST /saml2/acs</c>) that validates the SAML 2.0 response with the Protocols library's
/// <see cref="SamlResponseValidator"/> against the federation metadata, and a cookie session showing the claims.
/// </summary>
public static class SamlSampleHost
{
    /// <summary>Where the federation server posts the token (register it with <c>certauth rp add ... --acs</c>).</summary>
    public const string AcsPath = "/saml2/acs";

    /// <summary>The certificate's serial number claim the federation server always releases.</summary>
    public const string SerialNumberClaim = "http://schemas.microsoft.com/ws/2008/06/identity/claims/serialnumber";

    /// <summary>The certificate's issuer DN claim the federation server always releases.</summary>
    public const string IssuerClaim = "http://schemas.microsoft.com/2012/12/certificatecontext/field/issuer";

    /// <summary>Builds the app from <c>samlsample.json</c>, the environment and <paramref name="args"/>; <paramref name="configure"/> overrides in code.</summary>
    public static WebApplication Build(string[] args, Action<SamlSampleOptions>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "samlsample.json"), optional: true);
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddCommandLine(args);
        var options = new SamlSampleOptions();
        builder.Configuration.GetSection("SamlSample").Bind(options);
        configure?.Invoke(options);

        var root = RepositoryRoot();
        var tls = options.TlsCertificate ?? X509CertificateLoader.LoadPkcs12FromFile(Resolve(root, options.TlsCertificatePath), options.TlsCertificatePassword);
        var trustedRoot = options.TrustedRoot ?? X509CertificateLoader.LoadCertificateFromFile(Resolve(root, options.TrustedRootPath));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenLocalhost(options.ListenPort, listen => listen.UseHttps(tls)));
        builder.Services.AddSingleton(options);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new FederationMetadata(options, trustedRoot));
        builder.Services.AddSingleton(sp => new InMemoryAssertionReplayCache(sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<SamlResponseValidator>();
        builder.Services.AddAntiforgery(af =>
        {
            af.Cookie.Name = "__Host-saml-sample-antiforgery";
            af.Cookie.SecurePolicy = CookieSecurePolicy.Always;
        });
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(cookie =>
        {
            cookie.Cookie.Name = "__Host-saml-sample-session";   // localhost is shared by several apps (cookies ignore ports)
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
        });

        var app = builder.Build();
        app.UseAuthentication();
        app.MapGet("/", (HttpContext context, IAntiforgery antiforgery) =>
            Page(SamlSamplePages.Home(context.User, context.User.Identity?.IsAuthenticated == true ? antiforgery.GetAndStoreTokens(context) : null), 200));
        app.MapGet("/signin", async (HttpContext context, FederationMetadata metadata) =>
        {
            // IdP-initiated sign-in (AD FS's idpinitiatedsignon with loginToRp): the federation server asks for the
            // certificate and posts the token to this app's ACS.
            var (_, sso) = await metadata.GetAsync(context.RequestAborted);
            return Results.Redirect(new Uri(sso, "idpinitiatedsignon?loginToRp=" + Uri.EscapeDataString(options.EntityId)).AbsoluteUri);
        });
        app.MapPost(AcsPath, AcsAsync);
        app.MapPost("/signout", async (HttpContext context, IAntiforgery antiforgery) =>
        {
            if (await antiforgery.IsRequestValidAsync(context))
            {
                await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            }

            return Results.Redirect("/");
        });
        return app;
    }

    /// <summary>
    /// The ACS: the <c>SAMLResponse</c> form value, validated (signature with the metadata's certificates, issuer,
    /// audience = our entity id, recipient = this URL, time, bearer confirmation, replay); its NameID and attributes
    /// become the cookie session's claims.
    /// </summary>
    private static async Task<IResult> AcsAsync(
        HttpContext context, SamlSampleOptions options, FederationMetadata metadata, SamlResponseValidator validator,
        InMemoryAssertionReplayCache replayCache, TimeProvider clock)
    {
        if (!context.Request.HasFormContentType)
        {
            return Page(SamlSamplePages.Error("missing_response", "Expected an HTTP-POST binding form."), 400);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form["SAMLResponse"] is not { Count: 1 } values || string.IsNullOrEmpty(values[0]))
        {
            return Page(SamlSamplePages.Error("missing_response", "The form has no single SAMLResponse."), 400);
        }

        var (issuer, _) = await metadata.GetAsync(context.RequestAborted);
        var result = validator.Validate(values[0]!, new SamlResponseValidationParameters
        {
            TrustedIssuers = [issuer],
            ExpectedAudience = options.EntityId,
            ExpectedRecipient = new Uri(new Uri($"https://{context.Request.Host}"), AcsPath).AbsoluteUri,
            AllowUnsolicited = true,   // IdP-initiated: no AuthnRequest to match InResponseTo against
            ReplayCache = replayCache,
            TimeProvider = clock,
        });
        if (result is SamlResult<ValidatedAssertion>.Invalid { Failure: var failure })
        {
            return Page(SamlSamplePages.Error(failure.Reason.ToString(), failure.Message), 400);
        }

        var validated = ((SamlResult<ValidatedAssertion>.Valid)result).Value;

        var assertion = validated.Assertion;
        var identity = new ClaimsIdentity(CookieAuthenticationDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role);
        if (assertion.Subject?.NameId is { } nameId)
        {
            identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, nameId.Value, null, assertion.Issuer));
        }

        foreach (var attribute in assertion.AttributeStatement?.Attributes ?? [])
        {
            foreach (var value in attribute.Values)
            {
                identity.AddClaim(new Claim(attribute.Name, value, null, assertion.Issuer));
            }
        }

        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return Results.Redirect("/");
    }

    private static IResult Page(string html, int status) => Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);

    private static string Resolve(string root, string path) => Path.IsPathRooted(path) ? path : Path.Combine(root, path);

    /// <summary>The first folder upwards from the working directory (then from the binaries) with <c>certs-dev/</c>.</summary>
    private static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (Directory.Exists(Path.Combine(dir.FullName, "certs-dev")))
                {
                    return dir.FullName;
                }
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
