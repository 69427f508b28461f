namespace CertAuth.Federation.TokenService.Errors;

/// <summary>Carries a <see cref="TokenError"/> out of a grant or the ACS; caught once at the endpoint, logged once.</summary>
public sealed class TokenServiceException(TokenError error) : Exception(error.Description)
{
    /// <summary>The rejection.</summary>
    public TokenError Error { get; } = error;

    /// <summary>Throws a new exception for <paramref name="code"/>.</summary>
    public static TokenServiceException Of(TokenErrorCode code, string detail) => new(new TokenError(code, detail));
}
