using CertAuth.Federation.TokenService.Domain;
using CertAuth.Federation.TokenService.Errors;

namespace CertAuth.Federation.TokenService.OAuth;

/// <summary>
/// RFC 6749 §2.3: confidential clients authenticate with client_secret_basic or client_secret_post; public clients
/// send only client_id and must not send a secret. The outcome is a typed <see cref="ClientAuthenticationResult"/>
/// (issue 12 item 7): a wrong secret is a refusal with its stable code, never an exception. Secrets are checked by
/// <see cref="ClientSecretVerifier"/> (PBKDF2 once per accepted secret, then a constant-time comparison).
/// </summary>
internal sealed class ClientAuthenticator(IOAuthClientRepository clients, ClientSecretVerifier secrets)
{
    /// <summary>The authenticated client, or the refusal with its code.</summary>
    public async Task<ClientAuthenticationResult> AuthenticateAsync(TokenRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.ClientId))
        {
            return ClientAuthenticationResult.Refuse(TokenErrorCode.InvalidRequest, "client_id is required.");
        }

        var client = await clients.FindAsync(request.ClientId, cancellationToken);
        if (CheckKnown(client) is { } unknown)
        {
            return new ClientAuthenticationResult.Refused(unknown);
        }

        if (client!.IsPublic)
        {
            return request.ClientSecret is null
                ? new ClientAuthenticationResult.Authenticated(client)
                : ClientAuthenticationResult.Refuse(TokenErrorCode.InvalidClientSecret, "A public client must not send a secret.");
        }

        if (request.ClientSecret is null)
        {
            return ClientAuthenticationResult.Refuse(TokenErrorCode.ClientAuthenticationRequired, "The client must authenticate.");
        }

        return await secrets.VerifyAsync(request.ClientSecret, client.SecretHash, cancellationToken) switch
        {
            SecretCheck.Accepted => new ClientAuthenticationResult.Authenticated(client),
            SecretCheck.Busy => ClientAuthenticationResult.Refuse(TokenErrorCode.Throttled, "Too many client secret checks are running; retry in a few seconds."),
            _ => ClientAuthenticationResult.Refuse(TokenErrorCode.InvalidClientSecret, "The client secret is wrong."),
        };
    }

    /// <summary>The client must exist and be enabled (also what <c>token explain</c> checks for the token's client).</summary>
    public static TokenError? CheckKnown(OAuthClient? client) =>
        client is { Enabled: true } ? null : new TokenError(TokenErrorCode.UnknownClient, "The client is unknown or disabled.");

    /// <summary>The client may use <paramref name="grantType"/> (an empty list allows the default set); null when it may.</summary>
    public static TokenError? CheckGrantAllowed(OAuthClient client, string grantType)
    {
        ArgumentNullException.ThrowIfNull(client);
        var allowed = client.AllowedGrantTypes.Count == 0 ? GrantTypes.DefaultAllowed : client.AllowedGrantTypes;
        return allowed.Contains(grantType, StringComparer.Ordinal)
            ? null
            : new TokenError(TokenErrorCode.GrantNotAllowedForClient, "The grant type is not allowed for this client.");
    }
}

/// <summary>The outcome of <see cref="ClientAuthenticator"/>: exactly one case, the client or the refusal.</summary>
internal abstract record ClientAuthenticationResult
{
    private ClientAuthenticationResult()
    {
    }

    /// <summary>A refusal for <paramref name="code"/>.</summary>
    public static ClientAuthenticationResult Refuse(TokenErrorCode code, string detail) => new Refused(new TokenError(code, detail));

    /// <summary>The client is known, enabled and authenticated as its kind requires.</summary>
    public sealed record Authenticated(OAuthClient Client) : ClientAuthenticationResult;

    /// <summary>The client is refused with <paramref name="Error"/>.</summary>
    public sealed record Refused(TokenError Error) : ClientAuthenticationResult;
}
