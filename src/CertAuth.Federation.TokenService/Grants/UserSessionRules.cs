using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.TokenService.Errors;

namespace CertAuth.Federation.TokenService.Grants;

/// <summary>
/// The token-service user's own state (<c>ts_users</c>, keyed by trust and subject), checked at every grant: the user
/// must exist and be enabled, and a sign-in that happened before the user's <c>StsRefreshTokensValidFrom</c> yields
/// nothing more. The comparison uses the sign-in time (auth time), not the refresh token's issue time: rotation
/// re-issues tokens, and a code obtained before the revocation must not yield tokens after it either — stricter than
/// comparing issue times, never weaker. A grant stored without a token-service user (written before issue 11) is refused.
/// </summary>
internal sealed class UserSessionRules(ITokenServiceUserStore users)
{
    public async Task<TokenServiceUserRecord> RequireActiveAsync(int? userId, DateTimeOffset authTime, CancellationToken cancellationToken)
    {
        var user = userId is { } id ? await users.FindAsync(id, cancellationToken) : null;
        return Require(user, authTime);
    }

    public static TokenServiceUserRecord Require(TokenServiceUserRecord? user, DateTimeOffset authTime)
    {
        if (user is not { Enabled: true })
        {
            throw TokenServiceException.Of(TokenErrorCode.UserDisabled, "The user is disabled or no longer exists.");
        }

        if (user.StsRefreshTokensValidFrom is { } validFrom && authTime < validFrom)
        {
            throw TokenServiceException.Of(TokenErrorCode.SessionsRevoked, "The user's sessions were revoked after this sign-in; sign in again.");
        }

        return user;
    }
}
