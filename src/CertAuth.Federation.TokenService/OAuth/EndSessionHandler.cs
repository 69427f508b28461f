using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml;
using CertAuth.Federation.Protocols;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Xml;
using CertAuth.Federation.TokenService.Errors;
using CertAuth.Federation.TokenService.Hosting;
using CertAuth.Federation.TokenService.Saml;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CertAuth.Federation.TokenService.OAuth;

/// <summary>The parameters of an RP-initiated logout request (OpenID Connect RP-Initiated Logout 1.0 §2).</summary>
internal sealed record EndSessionRequest(string? IdTokenHint, string? ClientId, string? PostLogoutRedirectUri, string? State);

/// <summary>
/// What <c>/oauth2/logout</c> or its callback decided: redirect (to the federation server, or to the client's
/// registered post-logout URI), the themed signed-out page, or a themed refusal; and what to do with the cookies.
/// </summary>
internal sealed record EndSessionOutcome
{
    public string? RedirectUrl { get; init; }

    /// <summary>A refusal page, or the signed-out page (<see cref="TokenErrorCode.SignedOut"/>, HTTP 200).</summary>
    public TokenError? Page { get; init; }

    /// <summary>The sealed pending-logout state to set in the logout cookie (only while the federation server is visited).</summary>
    public string? SetLogoutState { get; init; }

    /// <summary>Delete the token service's browser cookies (sign-in binding and logout state).</summary>
    public bool ClearCookies { get; init; }
}

/// <summary>The pending logout while the browser visits the federation server; sealed with data protection, with its own expiry.</summary>
internal sealed record PendingLogout(
    [property: JsonPropertyName("c")] string? ClientId,
    [property: JsonPropertyName("r")] string? PostLogoutRedirectUri,
    [property: JsonPropertyName("s")] string? State,
    [property: JsonPropertyName("f")] string FederationEntityId,
    [property: JsonPropertyName("x")] long ExpiresAt,
    [property: JsonPropertyName("i")] string? RequestId = null);

/// <summary>
/// <c>/oauth2/logout</c>, the <c>end_session_endpoint</c> (OpenID Connect RP-Initiated Logout 1.0). The
/// <c>id_token_hint</c> must be one of our id tokens — signed by a published key, our issuer, <c>typ</c> JWT (an access
/// token is refused), its audience a registered, enabled client — and is accepted expired (§2). <c>client_id</c>, when
/// also given, must equal its audience. A <c>post_logout_redirect_uri</c> must equal, character for character, one
/// registered for that client; without one the signed-out page is shown, never an open redirect. Then the sign-in's
/// refresh-token family (<c>sid</c>) is revoked through <see cref="TokenRevoker"/>, the token service's cookies are
/// cleared, and — for a WS-Federation trust — the browser goes to the federation server with
/// <c>wa=wsignout1.0</c> and <c>wreply</c> = <c>/oauth2/logout/callback</c>; the pending logout (client, redirect,
/// state, trust) travels sealed in a host-only cookie that expires after <c>TokenService:PendingRequestLifetime</c>.
/// A SAML 2.0 trust gets a LogoutRequest over HTTP-Redirect, signed (query-string signature, RSA-SHA256) with the key
/// that signs our AuthnRequests, naming the NameID and SessionIndex of the assertion the sign-in came from (kept on the
/// refresh family), sent to the trust's <c>SingleSignOnUrl</c> (the federation server serves SAML single logout at its
/// sign-on endpoint, <c>/adfs/ls/</c>); its LogoutResponse must come back to the callback signed by one of the trust's
/// signing certificates, from that trust, with InResponseTo = the request ID in the sealed state. A sign-in without a
/// NameID (or an older family) ends locally only.
/// </summary>
internal sealed class EndSessionHandler(
    Domain.IOAuthClientRepository clients,
    TokenRevoker revoker,
    Domain.IRefreshTokenRepository refreshTokens,
    FederationTrustResolver trusts,
    ITokenSigningKeys keys,
    IDataProtectionProvider dataProtection,
    IOptions<TokenServiceOptions> options,
    TimeProvider clock,
    ILogger<EndSessionHandler> logger,
    HttpRedirectBinding redirectBinding,
    SafeXmlLoader xmlLoader,
    SignatureVerifier signatureVerifier,
    SamlIdGenerator ids,
    TokenServiceKeys serviceKeys,
    HttpPostBinding postBinding)
{
    /// <summary>How long a LogoutRequest we send is valid (<c>NotOnOrAfter</c>).</summary>
    public static readonly TimeSpan LogoutRequestLifetime = TimeSpan.FromMinutes(5);

    private static readonly LogoutMessageWriter Writer = new();
    private static readonly LogoutMessageReader Reader = new();

    /// <summary>The data-protection purpose of the pending-logout state.</summary>
    public const string Purpose = "CertAuth.Federation.TokenService.EndSession.v1";

    /// <summary>Largest sealed state kept in the cookie (a cookie holds about 4096 characters with its attributes).</summary>
    public const int MaxSealedStateLength = 3800;

    private static readonly JsonWebTokenHandler Handler = new();

    private IDataProtector Protector => dataProtection.CreateProtector(Purpose);

    public async Task<EndSessionOutcome> HandleAsync(EndSessionRequest request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (request.State is { Length: > InputLimits.MaxStateLength } || request.ClientId is { Length: > InputLimits.MaxClientIdLength }
            || request.PostLogoutRedirectUri is { Length: > InputLimits.MaxRedirectUriLength })
        {
            return Refuse(TokenErrorCode.RequestTooLarge, "A parameter exceeds its bound.", request.ClientId);
        }

        // The hint: ours, any age (§2: an expired id token is still a valid hint).
        JsonWebToken? hint = null;
        Domain.OAuthClient? client = null;
        if (!string.IsNullOrEmpty(request.IdTokenHint))
        {
            hint = await ValidateHintAsync(request.IdTokenHint);
            var audience = hint?.Audiences.ToList() is [var single] ? single : null;
            client = audience is { Length: <= InputLimits.MaxClientIdLength } ? await clients.FindAsync(audience, cancellationToken) : null;
            if (hint is null || client is not { Enabled: true })
            {
                return Refuse(TokenErrorCode.IdTokenHintInvalid, "id_token_hint is not a valid id token of this service for a registered client.", request.ClientId);
            }

            if (request.ClientId is { Length: > 0 } && !string.Equals(request.ClientId, client.ClientId, StringComparison.Ordinal))
            {
                return Refuse(TokenErrorCode.EndSessionClientMismatch, "client_id is not the audience of id_token_hint.", request.ClientId);
            }
        }
        else if (request.ClientId is { Length: > 0 })
        {
            client = await clients.FindAsync(request.ClientId, cancellationToken);
            if (client is not { Enabled: true })
            {
                return Refuse(TokenErrorCode.UnknownClient, "The client is unknown or disabled.", request.ClientId);
            }
        }

        string? redirect = null;
        if (!string.IsNullOrEmpty(request.PostLogoutRedirectUri))
        {
            if (client is null)
            {
                return Refuse(TokenErrorCode.InvalidRequest, "post_logout_redirect_uri needs client_id or id_token_hint.", null);
            }

            if (!client.PostLogoutRedirectUris.Contains(request.PostLogoutRedirectUri, StringComparer.Ordinal))
            {
                return Refuse(TokenErrorCode.PostLogoutRedirectUriMismatch, "post_logout_redirect_uri is not registered for this client.", client.ClientId);
            }

            redirect = request.PostLogoutRedirectUri;
        }

        // The effect: the sign-in's refresh-token family, then the federation server's session.
        var familyId = hint is not null && hint.TryGetPayloadValue<string>("sid", out var sid) && sid is { Length: > 0 } ? sid : null;
        var revoked = client is not null && familyId is not null ? await revoker.EndSessionAsync(client, familyId, cancellationToken) : 0;
        var (trust, family) = hint is null ? (null, null) : await FederationTrustOfAsync(familyId, hint, cancellationToken);
        var upn = hint?.TryGetPayloadValue<string>("upn", out var u) == true ? u : null;

        if (trust is { IsWsFederation: true })
        {
            var sealedState = Seal(new PendingLogout(client?.ClientId, redirect, redirect is null ? null : request.State, trust.EntityId,
                (clock.GetUtcNow() + settings.PendingRequestLifetime).ToUnixTimeSeconds()));
            if (sealedState.Length > MaxSealedStateLength)
            {
                return Refuse(TokenErrorCode.RequestTooLarge, "state and post_logout_redirect_uri are too long to keep during the logout.", client?.ClientId);
            }

            // WS-Federation 1.2 §13.2.4: wsignout1.0 for our realm; the federation server signs out every party of the
            // browser's session and returns to wreply (which it accepts only as a registered endpoint of our trust).
            var separator = trust.SingleSignOnUrl.Contains('?', StringComparison.Ordinal) ? "&" : "?";
            var signOut = trust.SingleSignOnUrl + separator
                + "wa=" + Protocols.WsFederation.WsFederationConstants.SignOut
                + "&wtrealm=" + Uri.EscapeDataString(settings.ResolvedEntityId)
                + "&wreply=" + Uri.EscapeDataString(settings.ResolvedLogoutCallbackUrl);
            logger.SessionEnded(client?.ClientId, familyId, upn, revoked, "wsignout1.0", trust.EntityId);
            return new EndSessionOutcome { RedirectUrl = signOut, SetLogoutState = sealedState, ClearCookies = true };
        }

        if (trust is { IsSaml2: true } && family is { FederationNameId: { Length: > 0 } nameId })
        {
            var now = clock.GetUtcNow();
            var requestId = ids.NewId();
            var sealedState = Seal(new PendingLogout(client?.ClientId, redirect, redirect is null ? null : request.State, trust.EntityId,
                (now + settings.PendingRequestLifetime).ToUnixTimeSeconds(), requestId));
            if (sealedState.Length > MaxSealedStateLength)
            {
                return Refuse(TokenErrorCode.RequestTooLarge, "state and post_logout_redirect_uri are too long to keep during the logout.", client?.ClientId);
            }

            var logoutRequest = new LogoutRequest
            {
                Id = requestId,
                IssueInstant = now,
                Destination = trust.SingleSignOnUrl,
                Issuer = settings.ResolvedEntityId,
                NotOnOrAfter = now + LogoutRequestLifetime,
                NameId = new NameId { Value = nameId, Format = family.FederationNameIdFormat },
            };
            if (family.FederationSessionIndex is { Length: > 0 } sessionIndex)
            {
                logoutRequest.SessionIndexes.Add(sessionIndex);
            }

            var url = redirectBinding.BuildRedirectUrl(trust.SingleSignOnUrl, "SAMLRequest", Writer.Write(logoutRequest), relayState: null, serviceKeys.RequestSigning);
            logger.SessionEnded(client?.ClientId, familyId, upn, revoked, "SAML 2.0 LogoutRequest " + requestId, trust.EntityId);
            return new EndSessionOutcome { RedirectUrl = url, SetLogoutState = sealedState, ClearCookies = true };
        }

        logger.SessionEnded(client?.ClientId, familyId, upn, revoked, trust is null ? "none" : "none (no NameID kept for this sign-in)", trust?.EntityId);
        return Finish(redirect, request.State);
    }

    /// <summary>
    /// <c>/oauth2/logout/callback</c>: the federation server's answer with the sealed state from this browser — the
    /// <c>wreply</c> hop of <c>wsignout1.0</c>, or a LogoutResponse over HTTP-Redirect (<paramref name="rawQuery"/>) or
    /// HTTP-POST (<paramref name="postedResponse"/>, the <c>SAMLResponse</c> form value: an enveloped signature on the
    /// LogoutResponse itself, by exact reference to its ID, as the federation server's POST binding reader requires).
    /// </summary>
    public async Task<EndSessionOutcome> CompleteAsync(string? sealedState, string? rawQuery, CancellationToken cancellationToken, string? postedResponse = null)
    {
        var pending = Unseal(sealedState);
        if (pending is null || clock.GetUtcNow().ToUnixTimeSeconds() >= pending.ExpiresAt)
        {
            return Refuse(TokenErrorCode.LogoutStateInvalid, "No pending logout from this browser, or it was altered or expired.", pending?.ClientId) with { ClearCookies = true };
        }

        if (pending.RequestId is not null
            && await VerifyLogoutResponseAsync(pending, rawQuery, postedResponse, cancellationToken) is { } failure)
        {
            return Refuse(TokenErrorCatalog.ForSaml(failure.Reason), $"The LogoutResponse was refused ({failure.Reason}).", pending.ClientId) with { ClearCookies = true };
        }

        logger.LogoutCallbackCompleted(pending.ClientId, pending.FederationEntityId, pending.PostLogoutRedirectUri is null ? "the signed-out page" : "the post-logout redirect URI");
        return Finish(pending.PostLogoutRedirectUri, pending.State);
    }

    /// <summary>
    /// The LogoutResponse: HTTP-Redirect (query-string signature over the exact octets) or HTTP-POST (enveloped signature
    /// on the root by exact reference, one signature, unique ID), signed by the trust's key — never SHA-1 — from the
    /// trust, in response to our request, to our callback. Null when it passes; otherwise the typed refusal.
    /// </summary>
    private async Task<SamlFailure?> VerifyLogoutResponseAsync(PendingLogout pending, string? rawQuery, string? postedResponse, CancellationToken cancellationToken)
    {
        var posted = postedResponse is not null;
        if (!posted && (string.IsNullOrEmpty(rawQuery) || !rawQuery.Contains("SAMLResponse=", StringComparison.Ordinal)))
        {
            return new SamlFailure(SamlFailureReason.MalformedXml, "No SAMLResponse came back.");
        }

        var trust = await trusts.FindAsync(pending.FederationEntityId, cancellationToken);
        if (trust is null)
        {
            return new SamlFailure(SamlFailureReason.UntrustedIssuer, "The federation trust is gone or disabled.");
        }

        var certificates = trust.SigningCertificates.Select(c => X509CertificateLoader.LoadCertificate(Convert.FromBase64String(c))).ToList();
        SamlResult<XmlDocument> read;
        if (posted)
        {
            read = postBinding.Decode(postedResponse!).Then(xmlLoader.Load)
                .Then(document => LogoutMessageReader.IsLogoutResponse(document)
                    ? signatureVerifier.Verify(document.DocumentElement!, certificates, allowSha1: false).Then(_ => SamlResult<XmlDocument>.Accepted(document))
                    : SamlResult<XmlDocument>.Refused(SamlFailureReason.MalformedXml, "The SAMLResponse is not a LogoutResponse."));
        }
        else
        {
            read = redirectBinding.Decode(rawQuery!)
                .Then(message => message.ParameterName != "SAMLResponse"
                    ? SamlResult<XmlDocument>.Refused(SamlFailureReason.MalformedXml, "Expected a SAMLResponse.")
                    : signatureVerifier.VerifyRedirectSignature(rawQuery!, certificates, allowSha1: false).Then(_ => xmlLoader.Load(message.Xml)))
                .Then(document => LogoutMessageReader.IsLogoutResponse(document)
                    ? SamlResult<XmlDocument>.Accepted(document)
                    : SamlResult<XmlDocument>.Refused(SamlFailureReason.MalformedXml, "The SAMLResponse is not a LogoutResponse."));
        }

        if (!read.Then(Reader.ReadResponse).IsValid(out var response, out var failure))
        {
            return failure;
        }

        if (!string.Equals(response.Issuer, trust.EntityId, StringComparison.Ordinal))
        {
            return new SamlFailure(SamlFailureReason.UntrustedIssuer, "The LogoutResponse names another issuer.");
        }

        if (!string.Equals(response.InResponseTo, pending.RequestId, StringComparison.Ordinal))
        {
            return new SamlFailure(SamlFailureReason.InResponseToMismatch, "The LogoutResponse answers another request.");
        }

        if (response.Destination is not null && !string.Equals(response.Destination, options.Value.ResolvedLogoutCallbackUrl, StringComparison.Ordinal))
        {
            return new SamlFailure(SamlFailureReason.WrongDestination, "The LogoutResponse is addressed elsewhere.");
        }

        if (response.Status.StatusCode != SamlStatusCodes.Success)
        {
            // Our side is already signed out; the federation server reports a partial logout. Logged, not shown as an error.
            logger.EndSessionRefused("partial", TokenErrorCode.SamlStatusNotSuccess, pending.ClientId, System.Diagnostics.Activity.Current?.TraceId.ToString() ?? string.Empty,
                "the federation server answered " + response.Status.StatusCode);
        }

        return null;
    }

    private static EndSessionOutcome Finish(string? redirect, string? state) => redirect is null
        ? new EndSessionOutcome { Page = new TokenError(TokenErrorCode.SignedOut, "You are signed out."), ClearCookies = true }
        : new EndSessionOutcome { RedirectUrl = state is null ? redirect : FlowOutcome.AppendQuery(redirect, [("state", state)]), ClearCookies = true };

    private async Task<JsonWebToken?> ValidateHintAsync(string token)
    {
        if (token.Length > AccessTokenValidator.MaxTokenLength || token.Count(c => c == '.') != 2)
        {
            return null;
        }

        var published = keys.Published;
        var validation = await Handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = options.Value.Issuer,
            IssuerSigningKeys = published.Select(k => k.SecurityKey),
            ValidAlgorithms = [.. published.Select(k => k.Algorithm).Distinct(StringComparer.Ordinal)],
            ValidTypes = ["JWT"],          // our id tokens; an access token (at+jwt) is not a hint
            ValidateAudience = false,      // checked by the caller: a registered client
            ValidateLifetime = false,      // §2: an expired id token is still a valid hint
            RequireExpirationTime = true,
        });
        return validation.IsValid && validation.SecurityToken is JsonWebToken jwt ? jwt : null;
    }

    /// <summary>The trust the sign-in came from (the family's federation issuer, else the hint's <c>idp</c>; only an enabled trust) and the family's latest record.</summary>
    private async Task<(Domain.FederationTrust? Trust, Domain.RefreshToken? Family)> FederationTrustOfAsync(string? familyId, JsonWebToken hint, CancellationToken cancellationToken)
    {
        var family = familyId is null ? null : await refreshTokens.FindLatestInFamilyAsync(familyId, cancellationToken);
        var issuer = family?.FederationIssuer ?? (hint.TryGetPayloadValue<string>("idp", out var idp) ? idp : null);
        return (issuer is { Length: > 0 and <= 1024 } ? await trusts.FindAsync(issuer, cancellationToken) : null, family);
    }

    private string Seal(PendingLogout pending) => Protector.Protect(JsonSerializer.Serialize(pending));

    private PendingLogout? Unseal(string? value)
    {
        if (value is not { Length: > 0 and <= MaxSealedStateLength })
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<PendingLogout>(Protector.Unprotect(value));
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }

    private EndSessionOutcome Refuse(TokenErrorCode code, string detail, string? clientId)
    {
        var error = new TokenError(code, detail);
        logger.EndSessionRefused(error.DisplayCode, code, clientId is { Length: > 128 } ? clientId[..128] : clientId, System.Diagnostics.Activity.Current?.TraceId.ToString() ?? string.Empty, detail);
        return new EndSessionOutcome { Page = error };
    }
}
