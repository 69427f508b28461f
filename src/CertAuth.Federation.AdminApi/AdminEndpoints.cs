using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CertAuth.Federation.Administration;
using CertAuth.Federation.Administration.Audit;
using CertAuth.Federation.Administration.Clients;
using CertAuth.Federation.Administration.FederationTrusts;
using CertAuth.Federation.Administration.Keys;
using CertAuth.Federation.Administration.RelyingParties;
using CertAuth.Federation.Administration.Themes;
using CertAuth.Federation.Administration.TrustedAuthorities;
using CertAuth.Federation.Administration.Users;
using CertAuth.Federation.Certificates.Authorities;
using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.KeyMaterial;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace CertAuth.Federation.AdminApi;

/// <summary>
/// The admin endpoints: the same verbs as the CLI for this role, each a call to a manager. Success is
/// <c>{ "value": …, "warnings": [...] }</c>; a refusal is a JSON problem whose <c>code</c> is the manager's stable code.
/// </summary>
internal static class AdminEndpoints
{
    public static void Map(RouteGroupBuilder admin, StoreRole role)
    {
        IReadOnlyList<StoreRole> roles = [role];

        admin.MapGet("/trusted-cas", async (TrustedAuthorityManager m, CancellationToken ct) =>
            Respond(await m.ListAsync(roles, ct), list => list.Select(e => CaView(e.Record))));
        admin.MapPost("/trusted-cas", async (TrustedCaAddBody body, TrustedAuthorityManager m, HttpContext http, CancellationToken ct) =>
            Respond(
                await m.AddAsync(
                    new TrustedAuthorityAddRequest(CertificateBytes(body.Certificate), "certificate", Kind(body.Type), body.Crl, body.DeltaCrl, body.Issuer, body.IssuerSki, body.CrlGrace),
                    roles, AdminApiExtensions.ActorOf(http), ct),
                e => CaView(e.Record), StatusCodes.Status201Created));
        admin.MapPatch("/trusted-cas/{id}", async (string id, TrustedCaSetBody body, TrustedAuthorityManager m, HttpContext http, CancellationToken ct) =>
            Respond(
                await m.SetAsync(
                    new TrustedAuthoritySetRequest(id, body.Crl, body.ClearCrl, body.DeltaCrl, body.ClearDeltaCrl, body.Issuer, body.IssuerSki, body.CrlGrace, body.ClearCrlGrace),
                    roles, AdminApiExtensions.ActorOf(http), ct),
                c => new { ca = CaView(c.Record), changes = c.Details }));
        admin.MapDelete("/trusted-cas/{id}", async (string id, TrustedAuthorityManager m, HttpContext http, CancellationToken ct) =>
            Respond(await m.RemoveAsync(id, roles, AdminApiExtensions.ActorOf(http), ct), e => new { e.Record.Id, e.Record.Subject }));
        admin.MapGet("/trusted-cas/crl-status", async ([FromQuery] string? id, TrustedAuthorityManager m, CancellationToken ct) =>
            Respond(await m.CrlStatusAsync(id, roles, ct), list => list.Select(e => new
            {
                e.CaId, e.Kind, e.Url, Fetched = e.State is not null, e.State?.ThisUpdate, e.State?.NextUpdate, CrlNumber = e.State?.LastCrlNumber,
                e.State?.Entries, e.State?.LastFetch, e.State?.LastError,
            })));
        admin.MapPost("/trusted-cas/crl-refresh", async (CrlRefreshBody body, TrustedAuthorityManager m, HttpContext http, CancellationToken ct) =>
            Respond(await m.RequestCrlRefreshAsync(body.Id, roles, AdminApiExtensions.ActorOf(http), ct), r => new { r.Target, r.RequestedAt }, StatusCodes.Status202Accepted));

        admin.MapGet("/audit", async ([FromQuery] int? take, AuditQuery q, CancellationToken ct) =>
            Respond(await q.ListAsync(take ?? 100, ct), list => list.Select(e => new { e.Id, e.Timestamp, e.Actor, e.Action, e.Target, e.Details })));
        admin.MapGet("/themes", (ThemeManager m) => Respond(m.List(), t => new { t.Active, t.ActiveSource, Themes = t.Themes }));
        admin.MapPut("/themes/active", async (ThemeActiveBody body, ThemeManager m, HttpContext http, CancellationToken ct) =>
            Respond(await m.SetActiveAsync(body.Name ?? string.Empty, AdminApiExtensions.ActorOf(http), ct), _ => new { active = body.Name }));

        admin.MapPost("/users/{upn}/revoke-sessions", async (string upn, RevokeSessionsBody? body, UserManager m, HttpContext http, CancellationToken ct) =>
            Respond(await m.RevokeSessionsAsync(upn, body?.Trust, AdminApiExtensions.ActorOf(http), ct), r => r));
        admin.MapPost("/users/{upn}/enable", async (string upn, UserManager m, HttpContext http, CancellationToken ct) =>
            Respond(await m.SetEnabledAsync(upn, true, AdminApiExtensions.ActorOf(http), ct), r => r));
        admin.MapPost("/users/{upn}/disable", async (string upn, UserManager m, HttpContext http, CancellationToken ct) =>
            Respond(await m.SetEnabledAsync(upn, false, AdminApiExtensions.ActorOf(http), ct), r => r));

        if (role == StoreRole.Federation)
        {
            MapFederation(admin);
        }
        else
        {
            MapTokenService(admin);
        }
    }

    private static void MapFederation(RouteGroupBuilder admin)
    {
        admin.MapGet("/users", async (UserManager m, CancellationToken ct) =>
            Respond(await m.ListAsync(ct), list => list.Select(u => new { u.Upn, u.Email, u.DisplayName, u.ImmutableId, u.Enabled, u.StsRefreshTokensValidFrom, Source = u.Source.ToString() })));
        admin.MapPost("/users", async (UserAddBody body, UserManager m, HttpContext http, CancellationToken ct) =>
            Respond(await m.AddAsync(new UserAddRequest(body.Upn, body.Email, body.DisplayName, body.ImmutableId), AdminApiExtensions.ActorOf(http), ct),
                u => new { u.Upn, u.Email, u.DisplayName, u.ImmutableId, u.Enabled }, StatusCodes.Status201Created));

        admin.MapGet("/relying-parties", async (RelyingPartyManager m, CancellationToken ct) =>
            Respond(await m.ListAsync(ct), list => list.Select(RelyingPartyView)));
        admin.MapPost("/relying-parties", async (RelyingPartyBody body, RelyingPartyManager m, HttpContext http, CancellationToken ct) =>
            Respond(await m.AddAsync(body.EntityId, Changes(body), AdminApiExtensions.ActorOf(http), ct), c => RelyingPartyView(c.Record), StatusCodes.Status201Created));
        admin.MapPatch("/relying-parties", async ([FromQuery] string entityId, RelyingPartyBody body, RelyingPartyManager m, HttpContext http, CancellationToken ct) =>
            Respond(await m.SetAsync(entityId, Changes(body), AdminApiExtensions.ActorOf(http), ct), c => new { relyingParty = RelyingPartyView(c.Record), changes = c.Details }));
        MapSigningCertificates(admin);
        admin.MapDelete("/relying-parties", async ([FromQuery] string entityId, RelyingPartyManager m, HttpContext http, CancellationToken ct) =>
            Respond(await m.RemoveAsync(entityId, AdminApiExtensions.ActorOf(http), ct), c => new { c.Record.EntityId }));
    }

    /// <summary>The federation server's token-signing certificates (issue 13 item 2), the verbs of <c>certauth signing-cert</c>.</summary>
    private static void MapSigningCertificates(RouteGroupBuilder admin)
    {
        admin.MapGet("/signing-certificates", async (TokenSigningCertificateManager m, IOptions<TokenSigningRolloverOptions> o, CancellationToken ct) =>
            Respond(await m.ListAsync(o.Value.RetiredKeepPeriod, ct), list => list.Select(SigningCertificateView)));
        admin.MapPost("/signing-certificates", async (SigningCertificateAddBody body, TokenSigningCertificateManager m, IDataProtectionProvider dp, HttpContext http, CancellationToken ct) =>
        {
            if (!TryDelay(body.PromoteIn, null, out var promoteIn))
            {
                return BadDelay();
            }

            var pfx = body.Pfx is { Length: > 0 } text && Convert.TryFromBase64String(text, new byte[text.Length], out _) ? Convert.FromBase64String(text) : [];
            return Respond(await m.AddAsync(dp, pfx, body.Password, promoteIn, AdminApiExtensions.ActorOf(http), ct), SigningCertificateView, StatusCodes.Status201Created);
        });
        admin.MapPost("/signing-certificates/rollover", async (SigningCertificateTimingBody? body, TokenSigningCertificateManager m, IOptions<TokenSigningRolloverOptions> o, IDataProtectionProvider dp, HttpContext http, CancellationToken ct) =>
        {
            var options = o.Value;
            return TryDelay(body?.PromoteIn, options.CertificatePromotionThreshold, out var promoteIn)
                ? Respond(await m.RolloverAsync(dp, options.CertificateSubject, options.CertificateLifetime, promoteIn!.Value, AdminApiExtensions.ActorOf(http), ct), SigningCertificateView, StatusCodes.Status201Created)
                : BadDelay();
        });
        admin.MapPost("/signing-certificates/{thumbprint}/promote", async (string thumbprint, SigningCertificateTimingBody? body, TokenSigningCertificateManager m, IOptions<TokenSigningRolloverOptions> o, HttpContext http, CancellationToken ct) =>
            TryDelay(body?.PromoteIn, 2 * o.Value.RefreshInterval, out var promoteIn)
                ? Respond(await m.PromoteAsync(thumbprint, promoteIn!.Value, AdminApiExtensions.ActorOf(http), ct), SigningCertificateView)
                : BadDelay());
    }

    private static bool TryDelay(string? text, TimeSpan? fallback, out TimeSpan? delay)
    {
        delay = fallback;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (TimeSpan.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
        {
            delay = parsed;
            return true;
        }

        return false;
    }

    private static IResult BadDelay() =>
        Respond(AdminResult<object>.Refused(new AdminError(AdminCodes.SigningCertificateTiming, "promoteIn must be a time span (d.hh:mm:ss).")), v => v);

    private static object SigningCertificateView(ClassifiedTokenSigningCertificate c) => new
    {
        c.Record.Thumbprint,
        State = c.State.ToString().ToLowerInvariant(),
        c.Record.Subject,
        c.Record.NotBefore,
        c.Record.NotAfter,
        c.Record.PromotesAt,
        c.RetiredAt,
        c.Record.CreatedBy,
    };

    private static void MapTokenService(RouteGroupBuilder admin)
    {
        admin.MapGet("/users", async (UserManager m, CancellationToken ct) =>
            Respond(await m.ListTokenServiceUsersAsync(ct), list => list.Select(u => new { u.Id, u.Upn, u.Subject, u.FederationIssuer, u.Enabled, u.StsRefreshTokensValidFrom })));

        admin.MapGet("/clients", async (OAuthClientManager m, CancellationToken ct) =>
            Respond(await m.ListAsync(ct), list => list.Select(ClientView)));
        admin.MapPost("/clients", async (OAuthClientAddBody body, OAuthClientManager m, HttpContext http, CancellationToken ct) =>
            Respond(
                await m.AddAsync(new OAuthClientAddRequest(body.ClientId, body.RedirectUris ?? [], body.Confidential, body.DisplayName, body.Scopes ?? [], body.GrantTypes ?? [], PostLogoutRedirectUris: body.PostLogoutRedirectUris ?? []),
                    AdminApiExtensions.ActorOf(http), ct),
                a => new { client = ClientView(a.Record), secret = a.Secret }, StatusCodes.Status201Created));
        admin.MapDelete("/clients/{clientId}", async (string clientId, OAuthClientManager m, HttpContext http, CancellationToken ct) =>
            Respond(await m.RemoveAsync(clientId, AdminApiExtensions.ActorOf(http), ct), id => new { clientId = id }));

        admin.MapGet("/federation-trusts", async (FederationTrustManager m, CancellationToken ct) =>
            Respond(await m.ListAsync(ct), list => list.Select(TrustView)));
        admin.MapPost("/federation-trusts", async (FederationTrustAddBody body, FederationTrustManager m, HttpContext http, CancellationToken ct) =>
            Respond(
                await m.AddAsync(
                    new FederationTrustAddRequest
                    {
                        EntityId = body.EntityId,
                        MetadataXml = body.Metadata,
                        MetadataSource = body.Metadata is null ? null : "posted metadata",
                        SingleSignOnUrl = body.SingleSignOnUrl,
                        SigningCertificates = [.. (body.SigningCertificates ?? []).Take(FederationTrustManager.MaxSigningCertificates + 1).Select((c, i) => new CertificateInput(CertificateBytes(c), $"signingCertificates[{i}]"))],
                        AllowUnsolicited = body.AllowUnsolicited,
                        DisplayName = body.DisplayName,
                        MetadataUrl = body.MetadataUrl,
                    },
                    AdminApiExtensions.ActorOf(http), ct),
                a => TrustView(a.Record), StatusCodes.Status201Created));
        admin.MapPatch("/federation-trusts", async ([FromQuery] string entityId, FederationTrustSetBody body, FederationTrustManager m, HttpContext http, CancellationToken ct) =>
            Respond(await m.SetMetadataUrlAsync(entityId, body.MetadataUrl, AdminApiExtensions.ActorOf(http), ct), TrustView));
        admin.MapDelete("/federation-trusts", async ([FromQuery] string entityId, FederationTrustManager m, HttpContext http, CancellationToken ct) =>
            Respond(await m.RemoveAsync(entityId, AdminApiExtensions.ActorOf(http), ct), id => new { entityId = id }));
    }

    /// <summary>Success: the mapped value and the warnings; refusal: a JSON problem with the manager's code.</summary>
    private static IResult Respond<T>(AdminResult<T> result, Func<T, object?> map, int status = StatusCodes.Status200OK)
    {
        if (!result.Succeeded)
        {
            var error = result.Error!;
            return Results.Problem(statusCode: StatusOf(error.Code), title: error.Code, detail: error.Message, extensions: new Dictionary<string, object?> { ["code"] = error.Code });
        }

        return Results.Json(new { value = map(result.Value!), warnings = result.Warnings }, statusCode: status);
    }

    private static int StatusOf(string code) => code switch
    {
        AdminCodes.NotFound => StatusCodes.Status404NotFound,
        AdminCodes.Duplicate or AdminCodes.Conflict => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status400BadRequest,
    };

    /// <summary>A certificate posted as PEM text or base64 DER; anything else is handed on as bytes for the manager to refuse.</summary>
    private static byte[] CertificateBytes(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return [];
        }

        if (value.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            return Encoding.ASCII.GetBytes(value);
        }

        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out var written) ? buffer[..written] : Encoding.UTF8.GetBytes(value);
    }

    private static CertificateAuthorityType? Kind(string? type) => type?.Trim().ToLowerInvariant() switch
    {
        "root" or "rootauthority" => CertificateAuthorityType.RootAuthority,
        "intermediate" or "intermediateauthority" => CertificateAuthorityType.IntermediateAuthority,
        _ => null,
    };

    private static RelyingPartyChanges Changes(RelyingPartyBody body) => new()
    {
        MetadataXml = body.Metadata,
        MetadataSource = body.Metadata is null ? null : "posted metadata",
        Acs = body.Acs,
        AddAcs = body.AddAcs,
        RemoveAcs = body.RemoveAcs,
        DisplayName = body.DisplayName,
        SigningCertificate = body.SigningCertificate is null ? null : CertificateBytes(body.SigningCertificate),
        SigningCertificateSource = "signingCertificate",
        ClearSigningCertificate = body.ClearSigningCertificate,
        RequireSignedRequests = body.RequireSignedRequests,
        SignResponse = body.SignResponse,
        NameIdFormat = body.NameIdFormat,
        Claims = body.Claims,
        ClearClaims = body.ClearClaims,
        TokenLifetimeMinutes = body.TokenLifetimeMinutes,
        Theme = body.Theme,
        ClearTheme = body.ClearTheme,
        Enabled = body.Enabled,
        SingleLogoutServiceUrl = body.SingleLogoutServiceUrl,
        SingleLogoutServiceBinding = body.SingleLogoutServiceBinding,
        ClearSingleLogoutService = body.ClearSingleLogoutService,
    };

    private static object CaView(TrustedAuthorityRecord record)
    {
        using var certificate = X509CertificateLoader.LoadCertificate(record.Certificate);
        return new
        {
            record.Id,
            Type = record.AuthorityType == (int)CertificateAuthorityType.RootAuthority ? "root" : "intermediate",
            record.Subject,
            record.Thumbprint,
            NotBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime()),
            NotAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime()),
            record.CrlDistributionPoint,
            record.DeltaCrlDistributionPoint,
            record.TrustedIssuer,
            record.TrustedIssuerSki,
            record.CrlGracePeriodSeconds,
            Source = record.Source.ToString(),
        };
    }

    private static object RelyingPartyView(RelyingPartyRecord record)
    {
        using var certificate = record.RequestSigningCertificate is { } raw ? X509CertificateLoader.LoadCertificate(raw) : null;
        return new
        {
            record.EntityId,
            record.DisplayName,
            record.Enabled,
            record.AssertionConsumerServiceUrls,
            SigningCertificateSubject = certificate?.Subject,
            SigningCertificateSha256 = certificate?.GetCertHashString(HashAlgorithmName.SHA256),
            record.RequireSignedRequests,
            record.SignResponse,
            record.NameIdFormat,
            record.ReleasedClaims,
            record.TokenLifetimeMinutes,
            record.Theme,
            record.SingleLogoutServiceUrl,
            record.SingleLogoutServiceBinding,
            Source = record.Source.ToString(),
        };
    }

    // The secret hash is never returned.
    private static object ClientView(OAuthClientRecord c) => new
    {
        c.ClientId, c.DisplayName, c.Enabled, Public = c.IsPublic, c.RedirectUris, c.PostLogoutRedirectUris, c.AllowedScopes, c.AllowedGrantTypes, Source = c.Source.ToString(),
    };

    private static object TrustView(FederationTrustRecord t) => new
    {
        t.EntityId, t.DisplayName, t.Enabled, t.SingleSignOnUrl, SigningCertificates = t.SigningCertificates.Count, t.AllowUnsolicited, Source = t.Source.ToString(),
        t.MetadataUrl, t.MetadataRefreshedAt,
    };
}
