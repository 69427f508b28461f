using CertAuth.Federation.TokenService.Errors;
using CertAuth.Federation.TokenService.OAuth;
using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.TokenService.Grants;

/// <summary>
/// The token endpoint's logic without HTTP: client authentication, grant-type permission, then the grant. The outcome
/// is a typed <see cref="GrantResult"/>; every refusal is logged once here, with its code, never with the token.
/// </summary>
internal sealed class TokenRequestProcessor(
    ClientAuthenticator clients,
    AuthorizationCodeGrant authorizationCode,
    RefreshTokenGrant refreshToken,
    SamlBearerGrant samlBearer,
    Telemetry.TokenServiceMetrics metrics,
    ILogger<TokenRequestProcessor> logger)
{
    public async Task<GrantResult> ProcessAsync(TokenRequest request, CancellationToken cancellationToken)
    {
        using var span = Telemetry.TokenServiceMetrics.Source.StartActivity("certauth.token.grant");
        span?.SetTag(Telemetry.TokenServiceMetrics.GrantTypeTag, request.GrantType);
        var result = await GrantAsync(request, cancellationToken);
        switch (result)
        {
            case GrantResult.Issued:
                metrics.TokenIssued(request.GrantType);
                break;
            case GrantResult.Refused { Error: var error }:
                Telemetry.TokenServiceMetrics.MarkRefused(span, error);
                metrics.TokenRequestRefused(request.GrantType, error);
                logger.TokenRequestRefused(error.DisplayCode, error.Code, request.GrantType, request.ClientId, null, System.Diagnostics.Activity.Current?.TraceId.ToString() ?? string.Empty, error.Detail);
                break;
        }

        return result;
    }

    private async Task<GrantResult> GrantAsync(TokenRequest request, CancellationToken cancellationToken)
    {
        if (request.GrantType is not (GrantTypes.AuthorizationCode or GrantTypes.RefreshToken or GrantTypes.SamlBearer))
        {
            return GrantResult.Refuse(TokenErrorCode.UnsupportedGrantType, "The grant type is not supported.");
        }

        Domain.OAuthClient client;
        using (Telemetry.TokenServiceMetrics.Source.StartActivity("certauth.token.client_authentication"))
        {
            switch (await clients.AuthenticateAsync(request, cancellationToken))
            {
                case ClientAuthenticationResult.Refused { Error: var refused }:
                    return refused;
                case ClientAuthenticationResult.Authenticated { Client: var authenticated }:
                    client = authenticated;
                    break;
                default:
                    throw new InvalidOperationException("Unknown client authentication result.");
            }

            if (ClientAuthenticator.CheckGrantAllowed(client, request.GrantType) is { } notAllowed)
            {
                return notAllowed;
            }
        }

        return request.GrantType switch
        {
            GrantTypes.AuthorizationCode => await authorizationCode.RedeemAsync(request, client, cancellationToken),
            GrantTypes.RefreshToken => await refreshToken.RedeemAsync(request, client, cancellationToken),
            _ => await samlBearer.RedeemAsync(request, client, cancellationToken),
        };
    }
}
