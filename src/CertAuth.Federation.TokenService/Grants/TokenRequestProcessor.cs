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
    Telemetry.TokenServiceMetrics metrics,
    ILogger<TokenRequestProcessor> logger)
{
    public async Task<TokenResponse> ProcessAsync(TokenRequest request, CancellationToken cancellationToken)
    {
        using var span = Telemetry.TokenServiceMetrics.Source.StartActivity("certauth.token.grant");
        span?.SetTag(Telemetry.TokenServiceMetrics.GrantTypeTag, request.GrantType);
        try
        {
            if (request.GrantType is not (GrantTypes.AuthorizationCode or GrantTypes.RefreshToken or GrantTypes.SamlBearer))
            {
                throw TokenServiceException.Of(TokenErrorCode.UnsupportedGrantType, "The grant type is not supported.");
            }

            Storage.Entities.OAuthClientRecord client;
            using (Telemetry.TokenServiceMetrics.Source.StartActivity("certauth.token.client_authentication"))
            {
                client = await clients.AuthenticateAsync(request, cancellationToken);
                ClientAuthenticator.RequireGrantAllowed(client, request.GrantType);
            }

            var response = request.GrantType switch
            {
                GrantTypes.AuthorizationCode => await authorizationCode.RedeemAsync(request, client, cancellationToken),
                GrantTypes.RefreshToken => await refreshToken.RedeemAsync(request, client, cancellationToken),
                _ => await samlBearer.RedeemAsync(request, client, cancellationToken),
            };
            metrics.TokenIssued(request.GrantType);
            return response;
        }
        catch (TokenServiceException ex)
        {
            Telemetry.TokenServiceMetrics.MarkRefused(span, ex.Error);
            metrics.TokenRequestRefused(request.GrantType, ex.Error);
            logger.TokenRequestRefused(ex.Error.DisplayCode, ex.Error.Code, request.GrantType, request.ClientId, null, System.Diagnostics.Activity.Current?.TraceId.ToString() ?? string.Empty, ex.Error.Detail);
            throw;
        }
    }
}
