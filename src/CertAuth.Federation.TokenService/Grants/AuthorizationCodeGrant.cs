using CertAuth.Federation.TokenService.Domain;
using CertAuth.Federation.TokenService.Errors;
using CertAuth.Federation.TokenService.OAuth;
using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.TokenService.Grants;

/// <summary>
/// RFC 6749 §4.1.3 with RFC 7636: the code is single use (a second redemption revokes every token issued from it,
/// §4.1.2), short-lived, and bound to the client, the redirect_uri and the PKCE verifier.
/// </summary>
internal sealed class AuthorizationCodeGrant(
    IAuthorizationCodeRepository codes,
    IRefreshTokenRepository refreshTokens,
    UserSessionRules sessions,
    TokenIssuer issuer,
    TimeProvider timeProvider,
    ILogger<AuthorizationCodeGrant> logger)
{
    public async Task<GrantResult> RedeemAsync(TokenRequest request, OAuthClient client, CancellationToken cancellationToken)
    {
        if (!OpaqueTokens.IsWellFormed(request.Code))
        {
            return GrantResult.Refuse(TokenErrorCode.InvalidGrant, "The authorization code is malformed or unknown.");
        }

        var hash = OpaqueTokens.Hash(request.Code!);
        var code = await codes.FindByHashAsync(hash, cancellationToken);
        if (code is null)
        {
            return GrantResult.Refuse(TokenErrorCode.InvalidGrant, "The authorization code is malformed or unknown.");
        }

        if (!string.Equals(code.ClientId, client.ClientId, StringComparison.Ordinal))
        {
            return GrantResult.Refuse(TokenErrorCode.GrantMismatch, "The authorization code was issued to another client.");
        }

        var now = timeProvider.GetUtcNow();
        if (!await codes.TryRedeemAsync(code.Id, now, cancellationToken))
        {
            var revoked = await refreshTokens.RevokeByAuthorizationCodeAsync(hash, "authorization code replayed", now, cancellationToken);
            logger.AuthorizationCodeReplay(client.ClientId, code.Upn, revoked);
            return GrantResult.Refuse(TokenErrorCode.AuthorizationCodeReused, "The authorization code was already redeemed; tokens issued from it are revoked.");
        }

        if (now >= code.ExpiresAt)
        {
            return GrantResult.Refuse(TokenErrorCode.AuthorizationCodeExpired, "The authorization code has expired.");
        }

        if (!string.Equals(request.RedirectUri, code.RedirectUri, StringComparison.Ordinal))
        {
            return GrantResult.Refuse(TokenErrorCode.GrantMismatch, "redirect_uri differs from the authorization request's.");
        }

        if (code.CodeChallenge is not null
            && (!Pkce.IsValidVerifier(request.CodeVerifier) || !Pkce.Verify(request.CodeVerifier!, code.CodeChallenge)))
        {
            return GrantResult.Refuse(TokenErrorCode.PkceVerificationFailed, "code_verifier does not match the code_challenge.");
        }

        var session = await sessions.CheckActiveAsync(code.TokenServiceUserId, code.AuthTime, cancellationToken);
        if (session is UserSessionResult.Refused userRefused)
        {
            return userRefused.Error;
        }

        var user = ((UserSessionResult.Active)session).User;
        if (code.CertificateSerialNumber is not { Length: > 0 } || code.CertificateIssuer is not { Length: > 0 })
        {
            // The ACS issues no such code (issue 11); one stored by an earlier version gets no refresh token it could not check.
            return GrantResult.Refuse(TokenErrorCode.CertificateClaimsMissing, "The sign-in carries no certificate serial number or issuer to check; sign in again.");
        }

        var grant = new TokenGrant
        {
            GrantType = GrantTypes.AuthorizationCode,
            User = user,
            ClientId = client.ClientId,
            Scopes = ScopeRules.Split(code.Scopes),
            Nonce = code.Nonce,
            AuthTime = code.AuthTime,
            FederationIssuer = code.FederationIssuer,
            FederationNameId = code.FederationNameId,
            FederationNameIdFormat = code.FederationNameIdFormat,
            FederationSessionIndex = code.FederationSessionIndex,
            CertificateSerialNumber = code.CertificateSerialNumber,
            CertificateIssuer = code.CertificateIssuer,
            CertificateAuthorityKeyId = code.CertificateAuthorityKeyId,
            AuthorizationCodeHash = hash,
        };
        var (token, record) = issuer.NewRefreshToken(grant, parent: null);
        await refreshTokens.AddAsync(record, cancellationToken);
        logger.TokensIssued(grant.GrantType, client.ClientId, user.Upn, record.FamilyId);
        return issuer.CreateResponse(grant, token, record.FamilyId);
    }
}
