using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.TokenService.Errors;
using CertAuth.Federation.TokenService.Saml;
using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.TokenService.Users;

/// <summary>
/// Finds the user of a sign-in by UPN, or provisions it on first sign-in (with the ImmutableID claim as its immutable
/// id when present). A disabled user is refused.
/// </summary>
internal sealed class UserProvisioner(IUserStore users, ILogger<UserProvisioner> logger)
{
    public async Task<UserRecord> EnsureAsync(SamlSignIn signIn, CancellationToken cancellationToken)
    {
        var user = await users.FindByUpnAsync(signIn.Upn, cancellationToken);
        if (user is null)
        {
            try
            {
                await users.AddAsync(
                    new UserRecord
                    {
                        Upn = signIn.Upn,
                        Email = signIn.Email,
                        DisplayName = signIn.DisplayName,
                        ImmutableId = string.IsNullOrWhiteSpace(signIn.ImmutableId) ? Guid.NewGuid().ToString() : signIn.ImmutableId,
                        Source = RecordSource.Provisioned,
                    },
                    cancellationToken);
                logger.UserProvisioned(signIn.Upn, signIn.FederationIssuer);
            }
            catch (Exception ex) when (ex is StoreConflictException or Microsoft.EntityFrameworkCore.DbUpdateException)
            {
                // A concurrent first sign-in added it, or the immutable id belongs to another UPN: re-read below.
            }

            user = await users.FindByUpnAsync(signIn.Upn, cancellationToken)
                   ?? throw TokenServiceException.Of(TokenErrorCode.SamlNoUser, "The user could not be provisioned (immutable id already in use).");
        }

        return user.Enabled ? user : throw TokenServiceException.Of(TokenErrorCode.UserDisabled, "The user is disabled.");
    }
}
