using CertAuth.Federation.TokenService.Errors;
using CertAuth.Federation.TokenService.OAuth;
using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.TokenService.Grants;

/// <summary>
/// The token endpoint's logic without HTTP: client authentication, grant-type permission, then the grant. Every
/// rejection is logged once here, with its code, never with the token.
/// </summary>
internal sealed class TokenRequestProcessor(
    ClientAuthenticator clients,
    AuthorizationCodeGrant authorizationCode,
    RefreshTokenGrant refreshToken,
    SamlBearerGrant samlBearer,
    ILogger<TokenRequestProcessor> logger)
{
    public async Task<TokenResponse> ProcessAsync(TokenRequest request, CancellationToken cancellationToken)
    {
        try
        {
            if (request.GrantType is not (GrantTypes.AuthorizationCode or GrantTypes.RefreshToken or GrantTypes.SamlBearer))
            {
                throw TokenServiceException.Of(TokenErrorCode.UnsupportedGrantType, "The grant type is not supported.");
            }

            var client = await clients.AuthenticateAsync(request, cancellationToken);
            ClientAuthenticator.RequireGrantAllowed(client, request.GrantType);
            return request.GrantType switch
            {
                GrantTypes.AuthorizationCode => await authorizationCode.RedeemAsync(request, client, cancellationToken),
                GrantTypes.RefreshToken => await refreshToken.RedeemAsync(request, client, cancellationToken),
                _ => await samlBearer.RedeemAsync(request, client, cancellationToken),
            };
        }
        catch (TokenServiceException ex)
        {
            logger.TokenRequestRefused(ex.Error.DisplayCode, ex.Error.Code, request.GrantType, request.ClientId, null, ex.Error.Detail);
            throw;
        }
    }
}
