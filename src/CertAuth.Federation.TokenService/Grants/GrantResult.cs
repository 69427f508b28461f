using CertAuth.Federation.TokenService.Errors;
using CertAuth.Federation.TokenService.OAuth;

namespace CertAuth.Federation.TokenService.Grants;

/// <summary>
/// The outcome of a grant (issue 12 item 7): the tokens, or the typed refusal with its stable code. Exactly one of the
/// two cases exists; grants return refusals instead of throwing, and exceptions are left for bugs.
/// </summary>
internal abstract record GrantResult
{
    private GrantResult()
    {
    }

    /// <summary>A refusal for <paramref name="code"/>.</summary>
    public static GrantResult Refuse(TokenErrorCode code, string detail) => new Refused(new TokenError(code, detail));

    /// <summary>Tokens were issued.</summary>
    public static implicit operator GrantResult(TokenResponse response) => new Issued(response);

    /// <summary>The grant was refused.</summary>
    public static implicit operator GrantResult(TokenError error) => new Refused(error);

    /// <summary>Tokens were issued.</summary>
    public sealed record Issued(TokenResponse Response) : GrantResult;

    /// <summary>The grant was refused with <paramref name="Error"/> (its code decides the OAuth error and HTTP status).</summary>
    public sealed record Refused(TokenError Error) : GrantResult;
}

/// <summary>The outcome of <see cref="UserSessionRules"/>: the active token-service user, or why the grant stops.</summary>
internal abstract record UserSessionResult
{
    private UserSessionResult()
    {
    }

    /// <summary>The user is enabled and the sign-in is not older than a session revocation.</summary>
    public sealed record Active(Domain.TokenServiceUser User) : UserSessionResult;

    /// <summary>The user is missing or disabled, or the sessions were revoked after the sign-in.</summary>
    public sealed record Refused(TokenError Error) : UserSessionResult;
}
