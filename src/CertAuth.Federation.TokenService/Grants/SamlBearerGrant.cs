using CertAuth.Federation.Protocols;
using CertAuth.Federation.Protocols.Validation;
using CertAuth.Federation.TokenService.Domain;
using CertAuth.Federation.TokenService.Errors;
using CertAuth.Federation.TokenService.OAuth;
using CertAuth.Federation.TokenService.Saml;
using CertAuth.Federation.TokenService.Users;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.TokenService.Grants;

/// <summary>
/// RFC 7522 §2.1, §3: <c>assertion</c> is a base64url SAML 2.0 Assertion signed by a trusted federation server, with a
/// bearer confirmation whose Recipient is our token endpoint, our entity id as Audience, time-valid, not replayed
/// (the database replay cache), carrying the certificate's serial number and issuer (else <c>CAT500177</c>). The
/// token-service user is provisioned like at the ACS; the sign-in facts go into the refresh token.
/// </summary>
internal sealed class SamlBearerGrant(
    SamlAssertionValidator validator,
    FederationTrustResolver trusts,
    IAssertionReplayCache replayCache,
    UserProvisioner provisioner,
    IRefreshTokenRepository refreshTokens,
    TokenIssuer issuer,
    IOptions<TokenServiceOptions> options,
    TimeProvider timeProvider,
    ILogger<SamlBearerGrant> logger)
{
    public async Task<GrantResult> RedeemAsync(TokenRequest request, OAuthClient client, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.Assertion))
        {
            return GrantResult.Refuse(TokenErrorCode.InvalidRequest, "assertion is required.");
        }

        if (!ScopeRules.TryParse(request.Scope, out var scopes) || !ScopeRules.AreAllowed(scopes, client.AllowedScopes))
        {
            return GrantResult.Refuse(TokenErrorCode.InvalidScope, "A requested scope is not allowed for this client.");
        }

        var settings = options.Value;
        var trusted = (await trusts.ListEnabledAsync(cancellationToken)).Select(FederationTrustResolver.ToTrustedIssuer).ToList();
        var result = validator.Validate(request.Assertion, new SamlResponseValidationParameters
        {
            TrustedIssuers = trusted,
            ExpectedAudience = settings.ResolvedEntityId,
            ExpectedRecipient = settings.TokenEndpoint,
            TimeProvider = timeProvider,
            ClockSkew = settings.ClockSkew,
            AllowSha1 = settings.AllowSha1,
            ReplayCache = replayCache,
        });
        if (result is not SamlResult<ValidatedAssertion>.Valid { Value: var validated })
        {
            // The Protocols validator's typed reason becomes this grant's typed refusal.
            var failure = ((SamlResult<ValidatedAssertion>.Invalid)result).Failure;
            return GrantResult.Refuse(TokenErrorCatalog.ForSaml(failure.Reason), $"The assertion was refused ({failure.Reason}).");
        }

        SamlSignIn signIn;
        TokenServiceUser? provisioned;
        try
        {
            // The sign-in reader and the provisioner are shared with the ACS flow, which still ends in one exception
            // boundary; their refusals become this grant's typed result here.
            signIn = SamlSignInReader.Read(validated, validated.Assertion.IssueInstant);
            provisioned = await provisioner.EnsureAsync(signIn, cancellationToken);
        }
        catch (TokenServiceException ex)
        {
            return ex.Error;
        }

        if (UserSessionRules.Check(provisioned, signIn.AuthTime) is UserSessionResult.Refused userRefused)
        {
            return userRefused.Error;
        }

        var user = provisioned!;
        var grant = new TokenGrant
        {
            GrantType = GrantTypes.SamlBearer,
            User = user,
            ClientId = client.ClientId,
            Scopes = scopes,
            AuthTime = signIn.AuthTime,
            FederationIssuer = signIn.FederationIssuer,
            CertificateSerialNumber = signIn.CertificateSerialNumber,
            CertificateIssuer = signIn.CertificateIssuer,
            CertificateAuthorityKeyId = signIn.CertificateAuthorityKeyId,
        };
        var (token, record) = issuer.NewRefreshToken(grant, parent: null);
        await refreshTokens.AddAsync(record, cancellationToken);
        logger.TokensIssued(grant.GrantType, client.ClientId, user.Upn, record.FamilyId);
        return issuer.CreateResponse(grant, token, record.FamilyId);
    }
}
