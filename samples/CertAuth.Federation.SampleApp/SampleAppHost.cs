using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace CertAuth.Federation.SampleApp;

/// <summary>
/// Builds the sample app: ASP.NET Core's OpenID Connect handler (authorization code flow with PKCE, tokens saved in the
/// cookie session, claims from the token service's userinfo endpoint) plus a <b>Refresh now</b> button that redeems the
/// refresh token at the token endpoint the handler discovered, through the handler's own back channel.
/// </summary>
public static class SampleAppHost
{
    /// <summary>The cookie session scheme.</summary>
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;

    /// <summary>The OpenID Connect scheme (the token service).</summary>
    public const string OidcScheme = OpenIdConnectDefaults.AuthenticationScheme;

    /// <summary>Builds the app from <c>sampleapp.json</c>, the environment and <paramref name="args"/>; <paramref name="configure"/> overrides in code.</summary>
    public static WebApplication Build(string[] args, Action<SampleAppOptions>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "sampleapp.json"), optional: true);
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddCommandLine(args);
        var options = new SampleAppOptions();
        builder.Configuration.GetSection("SampleApp").Bind(options);
        configure?.Invoke(options);

        var root = RepositoryRoot();
        var tls = options.TlsCertificate ?? X509CertificateLoader.LoadPkcs12FromFile(Resolve(root, options.TlsCertificatePath), options.TlsCertificatePassword);
        var trustedRoot = options.TrustedRoot ?? X509CertificateLoader.LoadCertificateFromFile(Resolve(root, options.TrustedRootPath));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenLocalhost(options.ListenPort, listen => listen.UseHttps(tls)));
        builder.Services.AddSingleton(options);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddAntiforgery(af =>
        {
            af.Cookie.Name = "__Host-sample-antiforgery";   // __Host-: Secure, host-only, path /
            af.Cookie.SecurePolicy = CookieSecurePolicy.Always;
        });

        builder.Services.AddAuthentication(auth =>
            {
                auth.DefaultScheme = CookieScheme;
                auth.DefaultChallengeScheme = OidcScheme;
            })
            .AddCookie(CookieScheme, cookie =>
            {
                // Several apps share the host name localhost (cookies ignore ports): a name of its own, host-only.
                cookie.Cookie.Name = "__Host-sample-session";
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            })
            .AddOpenIdConnect(OidcScheme, oidc =>
            {
                oidc.Authority = options.TokenServiceUrl.AbsoluteUri.TrimEnd('/');
                oidc.ClientId = options.ClientId;           // a public client: no secret, PKCE instead
                oidc.ResponseType = OpenIdConnectResponseType.Code;
                oidc.ResponseMode = OpenIdConnectResponseMode.Query;   // the token service answers with a query redirect
                oidc.UsePkce = true;
                oidc.CallbackPath = options.RedirectUri.AbsolutePath;
                oidc.Scope.Clear();
                foreach (var scope in options.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    oidc.Scope.Add(scope);
                }

                oidc.SaveTokens = true;                       // access, id and refresh token in the cookie session
                oidc.GetClaimsFromUserInfoEndpoint = true;    // userinfo: the certificate the session is bound to
                oidc.MapInboundClaims = false;                // keep the token service's claim names (upn, name, sub)
                oidc.TokenValidationParameters.NameClaimType = "name";
                oidc.ClaimActions.MapUniqueJsonKey("upn", "upn");
                oidc.ClaimActions.MapUniqueJsonKey("preferred_username", "preferred_username");
                oidc.ClaimActions.MapUniqueJsonKey(CertificateSerialNumberClaim, CertificateSerialNumberClaim);
                oidc.ClaimActions.MapUniqueJsonKey(CertificateIssuerClaim, CertificateIssuerClaim);
                oidc.DisableTelemetry = true;
                oidc.BackchannelHttpHandler = BackchannelTrust.Create(trustedRoot);
                oidc.BackchannelTimeout = TimeSpan.FromSeconds(15);
                oidc.Events = new OpenIdConnectEvents
                {
                    // The token service's refusal (RFC 6749 §4.1.2.1 error redirect): show its code, not an exception.
                    OnMessageReceived = context =>
                    {
                        if (!string.IsNullOrEmpty(context.ProtocolMessage.Error))
                        {
                            context.HandleResponse();
                            return WritePageAsync(context.Response, SamplePages.Error("Sign-in failed", context.ProtocolMessage.Error, context.ProtocolMessage.ErrorDescription), 400);
                        }

                        return Task.CompletedTask;
                    },
                    OnRemoteFailure = context =>
                    {
                        context.HandleResponse();
                        return WritePageAsync(context.Response, SamplePages.Error("Sign-in failed", "sign_in_failed", context.Failure?.Message), 400);
                    },
                };
            });
        builder.Services.AddAuthorization();

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/", async (HttpContext context, IAntiforgery antiforgery) =>
        {
            var session = await context.AuthenticateAsync(CookieScheme);
            return session.Succeeded
                ? Page(SamplePages.Home(session.Principal, session.Properties, antiforgery.GetAndStoreTokens(context), null), 200)
                : Page(SamplePages.Home(null, null, null, null), 200);
        });
        app.MapGet("/signin", () => Results.Challenge(new AuthenticationProperties { RedirectUri = "/" }, [OidcScheme]));
        app.MapPost("/refresh", RefreshAsync);
        app.MapPost("/signout", async (HttpContext context, IAntiforgery antiforgery) =>
        {
            if (await antiforgery.IsRequestValidAsync(context))
            {
                // The token service has no end-session endpoint yet: ending the app's own session is all there is.
                await context.SignOutAsync(CookieScheme);
            }

            return Results.Redirect("/");
        });
        return app;
    }

    /// <summary>The userinfo member with the sign-in certificate's serial number (upper-case hex).</summary>
    public const string CertificateSerialNumberClaim = "cert_serialnumber";

    /// <summary>The userinfo member with the sign-in certificate's issuer DN.</summary>
    public const string CertificateIssuerClaim = "cert_issuer";

    /// <summary>
    /// POST /refresh: the refresh-token grant at the token endpoint from the handler's discovery document, sent through
    /// the handler's back channel (the handler itself has no refresh). New tokens go into the cookie session; a refusal
    /// ends the session and shows the token service's <c>error</c> and <c>error_description</c> (its <c>CAT</c> code).
    /// </summary>
    private static async Task<IResult> RefreshAsync(
        HttpContext context, IAntiforgery antiforgery, IOptionsMonitor<OpenIdConnectOptions> oidcOptions, TimeProvider clock)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Page(SamplePages.Error("Refresh refused", "invalid_form", "The form is stale; reload the page."), 400);
        }

        var session = await context.AuthenticateAsync(CookieScheme);
        if (!session.Succeeded || session.Properties is null)
        {
            return Results.Redirect("/");
        }

        var refreshToken = session.Properties.GetTokenValue("refresh_token");
        if (string.IsNullOrEmpty(refreshToken))
        {
            var none = new SampleMessage(false, "Refresh refused.", "no_refresh_token", "This session has no refresh token (ask for offline_access).");
            return Page(SamplePages.Home(session.Principal, session.Properties, antiforgery.GetAndStoreTokens(context), none), 200);
        }

        var oidc = oidcOptions.Get(OidcScheme);
        var configuration = await oidc.ConfigurationManager!.GetConfigurationAsync(context.RequestAborted);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = OpenIdConnectGrantTypes.RefreshToken,
            ["client_id"] = oidc.ClientId!,
            ["refresh_token"] = refreshToken,
        });
        using var response = await oidc.Backchannel.PostAsync(configuration.TokenEndpoint, form, context.RequestAborted);
        var answer = new OpenIdConnectMessage(await response.Content.ReadAsStringAsync(context.RequestAborted));
        SampleMessage message;
        if (response.IsSuccessStatusCode && string.IsNullOrEmpty(answer.Error) && !string.IsNullOrEmpty(answer.AccessToken))
        {
            session.Properties.UpdateTokenValue("access_token", answer.AccessToken);
            session.Properties.UpdateTokenValue("refresh_token", answer.RefreshToken ?? refreshToken);
            if (!string.IsNullOrEmpty(answer.IdToken))
            {
                session.Properties.UpdateTokenValue("id_token", answer.IdToken);
            }

            if (int.TryParse(answer.ExpiresIn, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
            {
                session.Properties.UpdateTokenValue("expires_at", clock.GetUtcNow().AddSeconds(seconds).ToString("o", CultureInfo.InvariantCulture));
            }

            await context.SignInAsync(CookieScheme, session.Principal!, session.Properties);
            message = new SampleMessage(true, $"Refreshed at {clock.GetUtcNow():u}: new access token.");
            return Page(SamplePages.Home(session.Principal, session.Properties, antiforgery.GetAndStoreTokens(context), message), 200);
        }

        // Refused (revoked certificate, revoked sessions, expired...): the session is over.
        await context.SignOutAsync(CookieScheme);
        message = new SampleMessage(false, "Refresh refused by the token service; you are signed out.",
            answer.Error ?? "http_" + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), answer.ErrorDescription);
        return Page(SamplePages.Home(null, null, null, message), 200);
    }

    private static IResult Page(string html, int status) => Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);

    private static Task WritePageAsync(HttpResponse response, string html, int status)
    {
        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        return response.WriteAsync(html);
    }

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
