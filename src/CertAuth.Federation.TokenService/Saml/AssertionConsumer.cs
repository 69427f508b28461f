using CertAuth.Federation.Protocols;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Validation;
using CertAuth.Federation.TokenService.Domain;
using CertAuth.Federation.TokenService.Errors;
using CertAuth.Federation.TokenService.Grants;
using CertAuth.Federation.TokenService.OAuth;
using CertAuth.Federation.TokenService.Users;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.TokenService.Saml;

/// <summary>
/// <c>/saml2/acs</c> (HTTP-POST). The <see cref="SamlResponseValidator"/> checks, in order: size; XML without DTDs;
/// trusted issuer; signature by exact reference with a configured key only; RSA-SHA256 or stronger; Destination and
/// Recipient; Audience; NotBefore/NotOnOrAfter with skew; InResponseTo = the request sent from this browser (found
/// through the binding cookie); replay (database cache); status Success. Then the certificate claims are required
/// (serial number and issuer, else CAT500177), the pending request is consumed, the token-service user (trust,
/// subject) provisioned, and the browser sent to the client's redirect_uri with a code.
/// </summary>
internal sealed class AssertionConsumer(
    SamlResponseValidator validator,
    Protocols.WsFederation.WsFederationResultValidator wsFederationValidator,
    SamlBindingOptions bindingOptions,
    FederationTrustResolver trusts,
    IPendingAuthorizationRepository pending,
    IAuthorizationCodeRepository codes,
    IOAuthClientRepository clients,
    IAssertionReplayCache replayCache,
    UserProvisioner provisioner,
    IOptions<TokenServiceOptions> options,
    TimeProvider timeProvider,
    Telemetry.TokenServiceMetrics metrics,
    ILogger<AssertionConsumer> logger)
{
    public Task<FlowOutcome> HandleAsync(string? samlResponse, string? relayState, string? bindingCookie, CancellationToken cancellationToken) =>
        GuardAsync(() => ConsumeAsync(samlResponse, relayState, bindingCookie, cancellationToken));

    /// <summary>
    /// <c>/wsfed</c>: a posted <c>wresult</c> (WS-Federation 1.2 §13.2.3) with a SAML 1.1 or 2.0 assertion, validated by
    /// <see cref="Protocols.WsFederation.WsFederationResultValidator"/> with the same rigour as the SAML 2.0 ACS. The
    /// passive profile has no InResponseTo: the answer must come back to the browser that started the sign-in (binding
    /// cookie) with <c>wctx</c> equal to that pending request's ID, from the trust it was sent to, which must speak
    /// WS-Federation. Unsolicited (IdP-initiated) WS-Federation sign-ins are not accepted.
    /// </summary>
    public Task<FlowOutcome> HandleWsFederationAsync(string? wa, string? wresult, string? wctx, string? bindingCookie, CancellationToken cancellationToken) =>
        GuardAsync(() => ConsumeWsFederationAsync(wa, wresult, wctx, bindingCookie, cancellationToken));

    private async Task<FlowOutcome> GuardAsync(Func<Task<FlowOutcome>> consume)
    {
        using var span = Telemetry.TokenServiceMetrics.Source.StartActivity("certauth.acs");
        try
        {
            var outcome = await consume();
            if (outcome is FlowOutcome.Refused { Error: var refused })
            {
                // A typed SAML refusal (RefuseSaml: the flow's own size and RelayState checks, or a validator's), already logged.
                Telemetry.TokenServiceMetrics.MarkRefused(span, refused);
                metrics.AcsResult(refused.DisplayCode);
            }
            else
            {
                metrics.AcsResult("success");
            }

            return outcome;
        }
        catch (TokenServiceException ex)
        {
            logger.AcsRefused(ex.Error.DisplayCode, ex.Error.Code, ex.Error.Code.ToString(), System.Diagnostics.Activity.Current?.TraceId.ToString() ?? string.Empty, ex.Error.Detail);
            Telemetry.TokenServiceMetrics.MarkRefused(span, ex.Error);
            metrics.AcsResult(ex.Error.DisplayCode);
            return FlowOutcome.Page(ex.Error, clearBindingCookie: true);
        }
    }

    /// <summary>The refusal of a response the Protocols validators found invalid: logged once (with the reason, never the XML).</summary>
    private FlowOutcome RefuseSaml(SamlFailure failure)
    {
        var error = new TokenError(TokenErrorCatalog.ForSaml(failure.Reason), $"The SAML response was refused ({failure.Reason}).");
        logger.AcsRefused(error.DisplayCode, error.Code, failure.Reason.ToString(), System.Diagnostics.Activity.Current?.TraceId.ToString() ?? string.Empty, failure.Message);
        return FlowOutcome.Page(error, clearBindingCookie: true);
    }

    private async Task<FlowOutcome> ConsumeWsFederationAsync(string? wa, string? wresult, string? wctx, string? bindingCookie, CancellationToken cancellationToken)
    {
        if (wa != Protocols.WsFederation.WsFederationConstants.SignIn || string.IsNullOrEmpty(wresult))
        {
            throw TokenServiceException.Of(TokenErrorCode.InvalidRequest, "wa=wsignin1.0 and wresult are required.");
        }

        // Size first: before any look-up or parsing.
        if (wresult.Length > bindingOptions.MaxPostEncodedLength)
        {
            return RefuseSaml(new SamlFailure(SamlFailureReason.MessageTooLarge, "wresult exceeds the size limit."));
        }

        if (wctx is { Length: > InputLimits.MaxRelayStateLength })
        {
            return RefuseSaml(new SamlFailure(SamlFailureReason.RelayStateTooLong, "wctx is too long."));
        }

        var settings = options.Value;
        var now = timeProvider.GetUtcNow();
        var request = OpaqueTokens.IsWellFormed(bindingCookie)
            ? await pending.FindByBrowserBindingAsync(OpaqueTokens.Hash(bindingCookie!), cancellationToken)
            : null;
        if (request is null || now >= request.ExpiresAt || !string.Equals(request.RequestId, wctx, StringComparison.Ordinal))
        {
            throw TokenServiceException.Of(TokenErrorCode.SamlNoPendingRequest, "No WS-Federation sign-in with this wctx was started from this browser.");
        }

        var trust = await trusts.FindAsync(request.FederationEntityId, cancellationToken);
        IReadOnlyList<TrustedIssuer> issuers = trust is { IsWsFederation: true } ? [FederationTrustResolver.ToTrustedIssuer(trust)] : [];
        var wsFederationResult = wsFederationValidator.Validate(wresult, new SamlResponseValidationParameters
        {
            TrustedIssuers = issuers,
            ExpectedAudience = settings.ResolvedEntityId,
            ExpectedRecipient = settings.ResolvedWsFederationReplyUrl,
            TimeProvider = timeProvider,
            ClockSkew = settings.ClockSkew,
            AllowSha1 = settings.AllowSha1,
            ReplayCache = replayCache,
        });
        if (wsFederationResult is not SamlResult<ValidatedAssertion>.Valid { Value: var validated })
        {
            return RefuseSaml(((SamlResult<ValidatedAssertion>.Invalid)wsFederationResult).Failure);
        }

        if (!await pending.TryConsumeAsync(request.RequestId, now, cancellationToken))
        {
            throw TokenServiceException.Of(TokenErrorCode.SamlNoPendingRequest, "The sign-in request was already completed.");
        }

        return await IssueCodeAsync(validated, request, now, cancellationToken);
    }

    private async Task<FlowOutcome> ConsumeAsync(string? samlResponse, string? relayState, string? bindingCookie, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(samlResponse))
        {
            throw TokenServiceException.Of(TokenErrorCode.InvalidRequest, "SAMLResponse is missing.");
        }

        // Size first (issue 3 item 2): before any look-up or parsing.
        if (samlResponse.Length > bindingOptions.MaxPostEncodedLength)
        {
            return RefuseSaml(new SamlFailure(SamlFailureReason.MessageTooLarge, "The SAML response exceeds the size limit."));
        }

        if (relayState is { Length: > InputLimits.MaxRelayStateLength })
        {
            return RefuseSaml(new SamlFailure(SamlFailureReason.RelayStateTooLong, "RelayState is too long."));
        }

        var settings = options.Value;
        var now = timeProvider.GetUtcNow();
        var request = OpaqueTokens.IsWellFormed(bindingCookie)
            ? await pending.FindByBrowserBindingAsync(OpaqueTokens.Hash(bindingCookie!), cancellationToken)
            : null;
        if (request is not null && now >= request.ExpiresAt)
        {
            request = null;
        }

        IReadOnlyList<TrustedIssuer> issuers;
        if (request is not null)
        {
            issuers = await trusts.FindAsync(request.FederationEntityId, cancellationToken) is { } trust
                ? [FederationTrustResolver.ToTrustedIssuer(trust)]
                : [];
        }
        else
        {
            issuers = (await trusts.ListEnabledAsync(cancellationToken)).Where(t => t.AllowUnsolicited).Select(FederationTrustResolver.ToTrustedIssuer).ToList();
            if (issuers.Count == 0)
            {
                throw TokenServiceException.Of(TokenErrorCode.SamlNoPendingRequest, "No sign-in was started from this browser, and unsolicited responses are not accepted.");
            }
        }

        var result = validator.Validate(samlResponse, new SamlResponseValidationParameters
        {
            TrustedIssuers = issuers,
            ExpectedAudience = settings.ResolvedEntityId,
            ExpectedRecipient = settings.ResolvedAcsUrl,
            ExpectedInResponseTo = request?.RequestId,
            AllowUnsolicited = request is null,
            TimeProvider = timeProvider,
            ClockSkew = settings.ClockSkew,
            AllowSha1 = settings.AllowSha1,
            ReplayCache = replayCache,
        });
        if (result is not SamlResult<ValidatedAssertion>.Valid { Value: var validated })
        {
            return RefuseSaml(((SamlResult<ValidatedAssertion>.Invalid)result).Failure);
        }

        if (request is not null && !await pending.TryConsumeAsync(request.RequestId, now, cancellationToken))
        {
            throw TokenServiceException.Of(TokenErrorCode.SamlNoPendingRequest, "The sign-in request was already completed.");
        }

        var target = request ?? await UnsolicitedTargetAsync(relayState, now, cancellationToken);
        return await IssueCodeAsync(validated, target, now, cancellationToken);
    }

    /// <summary>The sign-in facts (certificate claims required), the provisioned user, and a code for the client — the same for every protocol.</summary>
    private async Task<FlowOutcome> IssueCodeAsync(ValidatedAssertion validated, PendingAuthorization target, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var signIn = SamlSignInReader.Read(validated, now);
        var user = UserSessionRules.Require(await provisioner.EnsureAsync(signIn, cancellationToken), signIn.AuthTime);

        var code = OpaqueTokens.New();
        var codeHash = OpaqueTokens.Hash(code);
        await codes.AddAsync(
            new AuthorizationCode
            {
                CodeHash = codeHash,
                ClientId = target.ClientId,
                RedirectUri = target.RedirectUri,
                CodeChallenge = target.CodeChallenge,
                CodeChallengeMethod = target.CodeChallengeMethod,
                Scopes = target.Scopes,
                Nonce = target.Nonce,
                TokenServiceUserId = user.Id,
                Upn = user.Upn,
                AuthTime = signIn.AuthTime,
                FederationIssuer = signIn.FederationIssuer,
                FederationNameId = signIn.NameId,
                FederationNameIdFormat = signIn.NameIdFormat,
                FederationSessionIndex = signIn.SessionIndex,
                CertificateSerialNumber = signIn.CertificateSerialNumber,
                CertificateIssuer = signIn.CertificateIssuer,
                CertificateAuthorityKeyId = signIn.CertificateAuthorityKeyId,
                IssuedAt = now,
                ExpiresAt = now + settings.AuthorizationCodeLifetime,
            },
            cancellationToken);
        logger.SignInAccepted(user.Upn, signIn.FederationIssuer, target.ClientId, signIn.CertificateSerialNumber, signIn.CertificateIssuer);
        var url = FlowOutcome.AppendQuery(target.RedirectUri, [("code", code), ("state", target.State), ("iss", settings.Issuer)]);
        return FlowOutcome.Redirect(url, clearBindingCookie: true) with { IssuedCodeHash = codeHash };
    }

    /// <summary>IdP-initiated: RelayState names a confidential client (a public one is refused); the code goes to its first redirect URI, scope openid.</summary>
    private async Task<PendingAuthorization> UnsolicitedTargetAsync(string? relayState, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var client = string.IsNullOrEmpty(relayState) || relayState.Length > InputLimits.MaxClientIdLength
            ? null
            : await clients.FindAsync(relayState, cancellationToken);
        if (client is not { Enabled: true } || client.RedirectUris.Count == 0)
        {
            throw TokenServiceException.Of(TokenErrorCode.UnknownClient, "RelayState does not name an enabled client with a redirect URI.");
        }

        if (client.IsPublic)
        {
            // No authorization request, so no PKCE challenge: a public client's code would be redeemable by whoever
            // intercepts it (RFC 9700 §2.1.1). Only a confidential client, which authenticates at the token endpoint, gets one.
            throw TokenServiceException.Of(TokenErrorCode.UnsolicitedPublicClient, "Unsolicited sign-in is not allowed for a public client (no PKCE possible).");
        }

        return new PendingAuthorization
        {
            RequestId = string.Empty,
            BrowserBindingHash = string.Empty,
            FederationEntityId = string.Empty,
            ClientId = client.ClientId,
            RedirectUri = client.RedirectUris[0],
            Scopes = ScopeRules.OpenId,
            CreatedAt = now,
            ExpiresAt = now,
        };
    }
}
