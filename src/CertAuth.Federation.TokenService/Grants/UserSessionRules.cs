using CertAuth.Federation.TokenService.Domain;
using CertAuth.Federation.TokenService.Errors;

namespace CertAuth.Federation.TokenService.Grants;

/// <summary>
/// The token-service user's own state (<c>ts_users</c>, keyed by trust and subject), checked at every grant: the user
/// must exist and be enabled, and a sign-in that happened before the user's <c>StsRefreshTokensValidFrom</c> yields
/// nothing more. The comparison uses the sign-in time (auth time), not the refresh token's issue time: rotation
/// re-issues tokens, and a code obtained before the revocation must not yield tokens after it either — stricter than
/// comparing issue times, never weaker. A grant stored without a token-service user (written before issue 11) is refused.
/// </summary>
internal sealed class UserSessionRules(ITokenServiceUserRepository users)
{
    /// <summary>The user's state for a grant: active, or a typed refusal.</summary>
    public async Task<UserSessionResult> CheckActiveAsync(int? userId, DateTimeOffset authTime, CancellationToken cancellationToken)
    {
        var user = userId is { } id ? await users.FindAsync(id, cancellationToken) : null;
        return Check(user, authTime);
    }

    /// <summary>The rule itself: enabled, and signed in no earlier than <c>StsRefreshTokensValidFrom</c>.</summary>
    public static UserSessionResult Check(TokenServiceUser? user, DateTimeOffset authTime)
    {
        if (user is not { Enabled: true })
        {
            return new UserSessionResult.Refused(new TokenError(TokenErrorCode.UserDisabled, "The user is disabled or no longer exists."));
        }

        return user.StsRefreshTokensValidFrom is { } validFrom && authTime < validFrom
            ? new UserSessionResult.Refused(new TokenError(TokenErrorCode.SessionsRevoked, "The user's sessions were revoked after this sign-in; sign in again."))
            : new UserSessionResult.Active(user);
    }

    /// <summary>
    /// <see cref="Check"/> for the ACS, whose flow still ends in one exception boundary (<c>AssertionConsumer</c>):
    /// throws <see cref="TokenServiceException"/> with the refusal.
    /// </summary>
    public static TokenServiceUser Require(TokenServiceUser? user, DateTimeOffset authTime) => Check(user, authTime) switch
    {
        UserSessionResult.Active active => active.User,
        UserSessionResult.Refused refused => throw new TokenServiceException(refused.Error),
        _ => throw new InvalidOperationException("Unknown user session result."),
    };
}
