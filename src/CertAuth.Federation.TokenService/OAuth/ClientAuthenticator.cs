using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.TokenService.Errors;

namespace CertAuth.Federation.TokenService.OAuth;

/// <summary>
/// RFC 6749 §2.3: confidential clients authenticate with client_secret_basic or client_secret_post; public clients
/// send only client_id and must not send a secret.
/// </summary>
internal sealed class ClientAuthenticator(IOAuthClientStore clients)
{
    public async Task<OAuthClientRecord> AuthenticateAsync(TokenRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.ClientId))
        {
            throw TokenServiceException.Of(TokenErrorCode.InvalidRequest, "client_id is required.");
        }

        var client = await clients.FindAsync(request.ClientId, cancellationToken);
        if (CheckKnown(client) is { } unknown)
        {
            throw new TokenServiceException(unknown);
        }

        if (client!.IsPublic)
        {
            return request.ClientSecret is null
                ? client
                : throw TokenServiceException.Of(TokenErrorCode.InvalidClientSecret, "A public client must not send a secret.");
        }

        if (request.ClientSecret is null)
        {
            throw TokenServiceException.Of(TokenErrorCode.ClientAuthenticationRequired, "The client must authenticate.");
        }

        return ClientSecretHasher.Verify(request.ClientSecret, client.SecretHash)
            ? client
            : throw TokenServiceException.Of(TokenErrorCode.InvalidClientSecret, "The client secret is wrong.");
    }

    /// <summary>The client must exist and be enabled (also what <c>token explain</c> checks for the token's client).</summary>
    public static TokenError? CheckKnown(OAuthClientRecord? client) =>
        client is { Enabled: true } ? null : new TokenError(TokenErrorCode.UnknownClient, "The client is unknown or disabled.");

    public static void RequireGrantAllowed(OAuthClientRecord client, string grantType)
    {
        var allowed = client.AllowedGrantTypes.Count == 0 ? GrantTypes.DefaultAllowed : client.AllowedGrantTypes;
        if (!allowed.Contains(grantType, StringComparer.Ordinal))
        {
            throw TokenServiceException.Of(TokenErrorCode.GrantNotAllowedForClient, "The grant type is not allowed for this client.");
        }
    }
}
