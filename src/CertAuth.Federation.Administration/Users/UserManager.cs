using CertAuth.Federation.Administration.Validation;
using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;

namespace CertAuth.Federation.Administration.Users;

/// <summary>A user added to the directory.</summary>
public sealed record UserAddRequest(string? Upn, string? Email, string? DisplayName, string? ImmutableId, bool Enabled = true);

/// <summary>Outcome of enable/disable: whether the directory user changed, how many token-service users did.</summary>
public sealed record UserEnabledChange(string Upn, bool Enabled, bool Directory, int TokenServiceUsers);

/// <summary>Outcome of revoke-sessions: the instant stamped, how many token-service users it reached, the trust it was limited to.</summary>
public sealed record SessionsRevoked(string Upn, DateTimeOffset ValidFrom, int TokenServiceUsers, bool Directory, string? Trust);

/// <summary>
/// Users: the federation server's directory that certificates map to, and — for enable/disable and revoke-sessions —
/// the token service's own users with that UPN (one per federation trust). Either store may be absent (a running role
/// has only its own); the operation then acts on the store that is there.
/// </summary>
public sealed class UserManager(IAdminRoleStores stores, TimeProvider timeProvider, IUserStore? users = null, ITokenServiceUserStore? tokenServiceUsers = null)
{
    /// <summary>Adds a directory user; refused on a duplicate UPN or immutable id.</summary>
    public Task<AdminResult<UserRecord>> AddAsync(UserAddRequest request, string actor, CancellationToken cancellationToken, RecordSource source = RecordSource.Administrator) =>
        AdminOperation.RunAsync(async _ =>
        {
            ArgumentNullException.ThrowIfNull(request);
            var directory = Directory();
            var record = new UserRecord
            {
                Upn = InputRules.Address(request.Upn, "UPN"),
                Email = request.Email is null ? null : InputRules.Address(request.Email, "--email"),
                DisplayName = InputRules.Text(request.DisplayName, "--display-name", InputRules.MaxDisplayNameLength),
                ImmutableId = request.ImmutableId is null ? Guid.NewGuid().ToString() : InputRules.Token(request.ImmutableId, "--immutable-id", InputRules.MaxImmutableIdLength),
                Enabled = request.Enabled,
                Source = source,
            };
            if (await directory.FindByUpnAsync(record.Upn, cancellationToken) is not null)
            {
                throw new AdminRefusal(AdminCodes.Duplicate, $"a user with UPN '{record.Upn}' already exists.");
            }

            if ((await directory.ListAsync(cancellationToken)).Any(u => u.ImmutableId == record.ImmutableId))
            {
                throw new AdminRefusal(AdminCodes.Duplicate, $"another user already has immutable id '{record.ImmutableId}'.");
            }

            await directory.AddAsync(record, cancellationToken);
            await stores.Audit(StoreRole.Federation).WriteAsync(actor, "user.add", record.Upn, $"immutableId={record.ImmutableId}", cancellationToken);
            return record;
        });

    /// <summary>Every directory user.</summary>
    public Task<AdminResult<IReadOnlyList<UserRecord>>> ListAsync(CancellationToken cancellationToken) =>
        AdminOperation.RunAsync(async _ => await Directory().ListAsync(cancellationToken));

    /// <summary>The token service's users (one per federation trust and subject).</summary>
    public Task<AdminResult<IReadOnlyList<TokenServiceUserRecord>>> ListTokenServiceUsersAsync(CancellationToken cancellationToken) =>
        AdminOperation.RunAsync(async _ => await (tokenServiceUsers ?? throw NotHere("token service")).ListAsync(cancellationToken));

    /// <summary>Enables or disables the directory user and every token-service user with the UPN.</summary>
    public Task<AdminResult<UserEnabledChange>> SetEnabledAsync(string upn, bool enabled, string actor, CancellationToken cancellationToken) =>
        AdminOperation.RunAsync(async _ =>
        {
            var key = InputRules.Address(upn, "UPN");
            var directory = users is not null && await users.SetEnabledAsync(key, enabled, cancellationToken);
            var count = tokenServiceUsers is null ? 0 : await tokenServiceUsers.SetEnabledAsync(key, null, enabled, cancellationToken);
            if (!directory && count == 0)
            {
                throw new AdminRefusal(AdminCodes.NotFound, $"no user with UPN '{key}'.");
            }

            // Each role's audit trail records the change to its own users.
            if (directory)
            {
                await stores.Audit(StoreRole.Federation).WriteAsync(actor, enabled ? "user.enable" : "user.disable", key, $"tokenServiceUsers={count}", cancellationToken);
            }

            if (count > 0)
            {
                await stores.Audit(StoreRole.TokenService).WriteAsync(actor, enabled ? "user.enable" : "user.disable", key, $"tokenServiceUsers={count}", cancellationToken);
            }

            return new UserEnabledChange(key, enabled, directory, count);
        });

    /// <summary>
    /// Sets StsRefreshTokensValidFrom to now on every token-service user with the UPN (across federation trusts, or
    /// only <paramref name="trust"/>'s) and, without <paramref name="trust"/>, on the directory user.
    /// </summary>
    public Task<AdminResult<SessionsRevoked>> RevokeSessionsAsync(string upn, string? trust, string actor, CancellationToken cancellationToken) =>
        AdminOperation.RunAsync(async _ =>
        {
            var key = InputRules.Address(upn, "UPN");
            var entityId = trust is null ? null : InputRules.Token(trust, "--trust", InputRules.MaxEntityIdLength);
            var now = timeProvider.GetUtcNow();
            var count = tokenServiceUsers is null ? 0 : await tokenServiceUsers.RevokeSessionsAsync(key, entityId, now, cancellationToken);
            var directory = entityId is null && users is not null ? await users.RevokeSessionsAsync(key, cancellationToken) : null;
            if (count == 0 && directory is null)
            {
                throw new AdminRefusal(AdminCodes.NotFound, entityId is null
                    ? $"no user with UPN '{key}'."
                    : $"no token-service user with UPN '{key}' from federation trust '{entityId}'.");
            }

            var instant = RelyingParties.RelyingPartyManager.Instant(now);
            var details = $"stsRefreshTokensValidFrom={instant}; tokenServiceUsers={count}" + (entityId is null ? string.Empty : $"; trust={entityId}");
            if (directory is not null)
            {
                await stores.Audit(StoreRole.Federation).WriteAsync(actor, "user.revoke-sessions", key, details, cancellationToken);
            }

            if (count > 0)
            {
                await stores.Audit(StoreRole.TokenService).WriteAsync(actor, "user.revoke-sessions", key, details, cancellationToken);
            }

            return new SessionsRevoked(key, now, count, directory is not null, entityId);
        });

    private IUserStore Directory() => users ?? throw NotHere("federation server");

    private static AdminRefusal NotHere(string role) => new(AdminCodes.Role, $"the {role}'s users are not administered by this process.");
}
