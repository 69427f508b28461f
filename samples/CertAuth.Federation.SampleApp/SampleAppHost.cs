using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.WebUtilities;

namespace CertAuth.Federation.SampleApp;

/// <summary>Builds the sample app: its TLS listener, the sign-in (code flow + PKCE), the callback, refresh and sign-out.</summary>
public static class SampleAppHost
{
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
        builder.Services.AddSingleton<SampleSessionStore>();
        builder.Services.AddSingleton(new TokenServiceClient(options, trustedRoot));

        var app = builder.Build();
        app.MapGet("/", (HttpContext context, SampleSessionStore sessions) =>
        {
            var session = sessions.Find(context);
            var html = SamplePages.Home(session);
            if (session is not null)
            {
                session.Message = null;
            }

            return Results.Content(html, "text/html; charset=utf-8");
        });
        app.MapGet("/signin", (HttpContext context, SampleSessionStore sessions) => SignIn(context, sessions, options));
        app.MapGet("/signin-callback", CallbackAsync);
        app.MapPost("/refresh", RefreshAsync);
        app.MapPost("/signout", (HttpContext context, SampleSessionStore sessions) =>
        {
            if (sessions.Find(context) is { } session && FormTokenMatches(context, session))
            {
                sessions.Remove(context);
            }

            return Results.Redirect("/");
        });
        return app;
    }

    private static IResult SignIn(HttpContext context, SampleSessionStore sessions, SampleAppOptions options)
    {
        var session = sessions.GetOrCreate(context);
        session.PendingState = SampleSessionStore.NewId();
        session.PendingNonce = SampleSessionStore.NewId();
        session.PendingVerifier = SampleSessionStore.NewId();
        var challenge = WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(session.PendingVerifier)));
        var url = QueryHelpers.AddQueryString(new Uri(options.TokenServiceUrl, "/oauth2/authorize").AbsoluteUri, new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = options.ClientId,
            ["redirect_uri"] = options.RedirectUri.AbsoluteUri,
            ["scope"] = options.Scope,
            ["state"] = session.PendingState,
            ["nonce"] = session.PendingNonce,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        });
        return Results.Redirect(url);
    }

    private static async Task<IResult> CallbackAsync(HttpContext context, [FromServices] SampleSessionStore sessions, [FromServices] TokenServiceClient tokens)
    {
        var query = context.Request.Query;
        var session = sessions.Find(context);
        if (session?.PendingState is null || !string.Equals(query["state"], session.PendingState, StringComparison.Ordinal))
        {
            return Page(SamplePages.Error("Sign-in failed", "invalid_state", "The sign-in response does not belong to a sign-in this browser started."), 400);
        }

        var verifier = session.PendingVerifier!;
        session.PendingState = null;
        session.PendingVerifier = null;
        if (!string.IsNullOrEmpty(query["error"]))
        {
            return Page(SamplePages.Error("Sign-in failed", query["error"], query["error_description"]), 400);
        }

        var answer = await tokens.RedeemCodeAsync(query["code"].ToString(), verifier, context.RequestAborted);
        if (!answer.Succeeded)
        {
            return Page(SamplePages.Error("Sign-in failed", answer.Error, answer.ErrorDescription), 400);
        }

        session.AccessToken = answer.AccessToken;
        session.IdToken = answer.IdToken;
        session.RefreshToken = answer.RefreshToken;
        session.Message = new SampleMessage(true, "Signed in.");
        return Results.Redirect("/");
    }

    private static async Task<IResult> RefreshAsync(HttpContext context, [FromServices] SampleSessionStore sessions, [FromServices] TokenServiceClient tokens, [FromServices] TimeProvider clock)
    {
        var session = sessions.Find(context);
        if (session is null || !FormTokenMatches(context, session))
        {
            return Results.Redirect("/");
        }

        if (session.RefreshToken is null)
        {
            session.Message = new SampleMessage(false, "Refresh refused.", "no_refresh_token", "This session has no refresh token (ask for offline_access).");
            return Results.Redirect("/");
        }

        var answer = await tokens.RefreshAsync(session.RefreshToken, context.RequestAborted);
        if (answer.Succeeded)
        {
            session.AccessToken = answer.AccessToken;
            session.IdToken = answer.IdToken ?? session.IdToken;
            session.RefreshToken = answer.RefreshToken ?? session.RefreshToken;
            session.Message = new SampleMessage(true, $"Refreshed at {clock.GetUtcNow():u}: new access token.");
        }
        else
        {
            session.Message = new SampleMessage(false, "Refresh refused by the token service.", answer.Error, answer.ErrorDescription);
        }

        return Results.Redirect("/");
    }

    private static bool FormTokenMatches(HttpContext context, SampleSession session) =>
        context.Request.HasFormContentType
        && CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(context.Request.Form["form_token"].ToString()),
            Encoding.UTF8.GetBytes(session.FormToken));

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
