using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.TokenService.Domain;
using CertAuth.Federation.TokenService.Errors;
using CertAuth.Federation.TokenService.Saml;
using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.TokenService.Users;

/// <summary>
/// Finds the token-service user of a sign-in by (federation trust, subject), or provisions it on first sign-in, in
/// the token service's own table (<c>ts_users</c>). It never reads, creates or changes the federation server's
/// directory (<c>users</c>): a second trust sending the same UPN gets a user of its own. A disabled user is refused.
/// </summary>
internal sealed class UserProvisioner(ITokenServiceUserRepository users, ILogger<UserProvisioner> logger)
{
    public async Task<TokenServiceUser> EnsureAsync(SamlSignIn signIn, CancellationToken cancellationToken)
    {
        TokenServiceUser user;
        bool created;
        try
        {
            (user, created) = await users.ProvisionAsync(
                new TokenServiceUser
                {
                    FederationIssuer = signIn.FederationIssuer,
                    Subject = signIn.Subject,
                    ObjectId = string.Empty,
                    Upn = signIn.Upn,
                    Email = signIn.Email,
                    DisplayName = signIn.DisplayName,
                    ImmutableId = string.IsNullOrWhiteSpace(signIn.ImmutableId) ? null : signIn.ImmutableId,
                },
                cancellationToken);
        }
        catch (StoreConflictException)
        {
            throw TokenServiceException.Of(TokenErrorCode.SamlNoUser, "The user could not be provisioned.");
        }

        if (created)
        {
            logger.UserProvisioned(signIn.Upn, signIn.FederationIssuer);
        }

        return user.Enabled ? user : throw TokenServiceException.Of(TokenErrorCode.UserDisabled, "The user is disabled.");
    }
}
