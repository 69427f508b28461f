using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Xml;
using CertAuth.Federation.TokenService.Domain;
using CertAuth.Federation.TokenService.Errors;
using CertAuth.Federation.TokenService.Hosting;
using CertAuth.Federation.TokenService.OAuth;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.TokenService.Saml;

/// <summary>
/// <c>/oauth2/authorize</c> (RFC 6749 §4.1.1, RFC 7636, OIDC Core §3.1.2): until client_id and redirect_uri are
/// validated, errors are a page; after, RFC 6749 §4.1.2.1 redirects. A valid request is stored as pending, and the
/// browser is sent to the federation server with a signed AuthnRequest (HTTP-Redirect, RSA-SHA256) whose ID the
/// response's InResponseTo must name; a random value in a cookie binds the request to this browser.
/// </summary>
internal sealed class AuthorizeRequestHandler(
    IOAuthClientRepository clients,
    FederationTrustResolver trusts,
    IPendingAuthorizationRepository pending,
    AuthnRequestWriter writer,
    HttpRedirectBinding binding,
    SamlIdGenerator ids,
    TokenServiceKeys keys,
    IOptions<TokenServiceOptions> options,
    TimeProvider timeProvider,
    ILogger<AuthorizeRequestHandler> logger)
{
    public async Task<FlowOutcome> HandleAsync(IReadOnlyDictionary<string, string> query, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        query.TryGetValue("client_id", out var clientId);
        if (string.IsNullOrEmpty(clientId) || clientId.Length > InputLimits.MaxClientIdLength)
        {
            return Page(TokenErrorCode.InvalidRequest, "client_id is missing or too long.", null);
        }

        var client = await clients.FindAsync(clientId, cancellationToken);
        if (client is not { Enabled: true })
        {
            return Page(TokenErrorCode.UnknownClient, "The client is unknown or disabled.", clientId);
        }

        if (!query.TryGetValue("redirect_uri", out var redirectUri) || redirectUri.Length > InputLimits.MaxRedirectUriLength
            || !RedirectUriMatcher.IsRegistered(client.RedirectUris, redirectUri))
        {
            return Page(TokenErrorCode.RedirectUriMismatch, "redirect_uri is missing or not registered for this client.", clientId);
        }

        // From here on errors go back to the (validated) redirect_uri.
        query.TryGetValue("state", out var state);
        if (state is { Length: > InputLimits.MaxStateLength })
        {
            return Error(redirectUri, TokenErrorCode.InvalidRequest, "state is too long.", null, clientId);
        }

        if (!query.TryGetValue("response_type", out var responseType) || responseType != "code")
        {
            return Error(redirectUri, TokenErrorCode.UnsupportedResponseType, "Only response_type=code is supported.", state, clientId);
        }

        query.TryGetValue("scope", out var scope);
        if (scope is { Length: > InputLimits.MaxScopeLength } || !ScopeRules.TryParse(scope, out var scopes) || !ScopeRules.AreAllowed(scopes, client.AllowedScopes))
        {
            return Error(redirectUri, TokenErrorCode.InvalidScope, "A requested scope is not allowed for this client.", state, clientId);
        }

        query.TryGetValue("nonce", out var nonce);
        query.TryGetValue("code_challenge", out var challenge);
        query.TryGetValue("code_challenge_method", out var method);
        if (nonce is { Length: > InputLimits.MaxNonceLength })
        {
            return Error(redirectUri, TokenErrorCode.InvalidRequest, "nonce is too long.", state, clientId);
        }

        if (challenge is null ? client.IsPublic || method is not null : method != Pkce.S256 || !Pkce.IsValidChallenge(challenge))
        {
            return Error(redirectUri, TokenErrorCode.PkceRequired, "PKCE with code_challenge_method=S256 is required.", state, clientId);
        }

        var enabled = await trusts.ListEnabledAsync(cancellationToken);
        var trust = query.TryGetValue("idp", out var idp) ? enabled.FirstOrDefault(t => t.EntityId == idp) : enabled.Count == 1 ? enabled[0] : null;
        if (trust is null)
        {
            return Error(redirectUri, TokenErrorCode.SamlUntrustedIssuer, "No single trusted federation server to send the sign-in to (use idp=).", state, clientId);
        }

        var now = timeProvider.GetUtcNow();
        var requestId = ids.NewId();
        var bindingValue = OpaqueTokens.New();
        await pending.AddAsync(
            new PendingAuthorization
            {
                RequestId = requestId,
                BrowserBindingHash = OpaqueTokens.Hash(bindingValue),
                FederationEntityId = trust.EntityId,
                ClientId = client.ClientId,
                RedirectUri = redirectUri,
                State = state,
                Nonce = nonce,
                CodeChallenge = challenge,
                CodeChallengeMethod = challenge is null ? null : Pkce.S256,
                Scopes = ScopeRules.Join(scopes),
                CreatedAt = now,
                ExpiresAt = now + settings.PendingRequestLifetime,
            },
            cancellationToken);

        if (trust.IsWsFederation)
        {
            // WS-Federation 1.2 §13.2.2: wsignin1.0 for our realm; the answer is posted to /wsfed, and wctx (the pending
            // request's ID) plus the browser-binding cookie tie it to this request.
            var separator = trust.SingleSignOnUrl.Contains('?', StringComparison.Ordinal) ? "&" : "?";
            var signIn = trust.SingleSignOnUrl + separator
                + "wa=" + Protocols.WsFederation.WsFederationConstants.SignIn
                + "&wtrealm=" + Uri.EscapeDataString(settings.ResolvedEntityId)
                + "&wreply=" + Uri.EscapeDataString(settings.ResolvedWsFederationReplyUrl)
                + "&wctx=" + Uri.EscapeDataString(requestId)
                + "&wct=" + Uri.EscapeDataString(System.Xml.XmlConvert.ToString(now.UtcDateTime, System.Xml.XmlDateTimeSerializationMode.Utc));
            logger.AuthnRequestSent(requestId, trust.EntityId, client.ClientId);
            return FlowOutcome.Redirect(signIn, setBindingCookie: bindingValue);
        }

        var document = writer.Write(new AuthnRequest
        {
            Id = requestId,
            IssueInstant = now,
            Destination = trust.SingleSignOnUrl,
            Issuer = settings.ResolvedEntityId,
            AssertionConsumerServiceUrl = settings.ResolvedAcsUrl,
            ProtocolBinding = SamlBindingUris.HttpPost,
        });
        var url = binding.BuildRedirectUrl(
            trust.SingleSignOnUrl, "SAMLRequest", document, relayState: null, settings.SignAuthnRequests ? keys.RequestSigning : null);
        logger.AuthnRequestSent(requestId, trust.EntityId, client.ClientId);
        return FlowOutcome.Redirect(url, setBindingCookie: bindingValue);
    }

    private FlowOutcome Page(TokenErrorCode code, string detail, string? clientId)
    {
        var error = new TokenError(code, detail);
        logger.AuthorizeRefused(error.DisplayCode, code, clientId, System.Diagnostics.Activity.Current?.TraceId.ToString() ?? string.Empty, detail);
        return FlowOutcome.Page(error);
    }

    private FlowOutcome Error(string redirectUri, TokenErrorCode code, string detail, string? state, string clientId)
    {
        var error = new TokenError(code, detail);
        logger.AuthorizeRefused(error.DisplayCode, code, clientId, System.Diagnostics.Activity.Current?.TraceId.ToString() ?? string.Empty, detail);
        return FlowOutcome.RedirectError(redirectUri, error, state, options.Value.Issuer);
    }
}
