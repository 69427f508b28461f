using CertAuth.Federation.Cli.Hosting;
using CertAuth.Federation.Cli.Output;
using CertAuth.Federation.Cli.Validation;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;

using CertAuth.Federation.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Cli.Handlers;

/// <summary>
/// The <c>user</c> verbs: the directory that certificates map to (<c>users</c>), and — for <c>disable</c>, <c>enable</c>
/// and <c>revoke-sessions</c> — the token service's own users with that UPN (<c>ts_users</c>, one per federation trust).
/// </summary>
internal sealed class UserHandler(
    IUserStore users, ITokenServiceUserStore tokenServiceUsers, [FromKeyedServices(StoreRole.Federation)] IAuditLog audit,
    [FromKeyedServices(StoreRole.TokenService)] IAuditLog tokenServiceAudit, CliConsole console, CliInvocation invocation, TimeProvider timeProvider)
{
    public async Task<int> AddAsync(string upn, string? email, string? displayName, string? immutableId, CancellationToken cancellationToken)
    {
        var record = new UserRecord
        {
            Upn = InputRules.Address(upn, "UPN"),
            Email = email is null ? null : InputRules.Address(email, "--email"),
            DisplayName = InputRules.Text(displayName, "--display-name", InputRules.MaxDisplayNameLength),
            ImmutableId = immutableId is null ? Guid.NewGuid().ToString() : InputRules.Token(immutableId, "--immutable-id", InputRules.MaxImmutableIdLength),
            Source = RecordSource.Administrator,
        };
        if (await users.FindByUpnAsync(record.Upn, cancellationToken) is not null)
        {
            throw new CliRefusedException($"a user with UPN '{record.Upn}' already exists.");
        }

        if ((await users.ListAsync(cancellationToken)).Any(u => u.ImmutableId == record.ImmutableId))
        {
            throw new CliRefusedException($"another user already has immutable id '{record.ImmutableId}'.");
        }

        await users.AddAsync(record, cancellationToken);
        await audit.WriteAsync(invocation.Actor, "user.add", record.Upn, $"immutableId={record.ImmutableId}", cancellationToken);
        console.Line($"added user {record.Upn} (immutable id {record.ImmutableId})");
        return CliApplication.Ok;
    }

    public async Task<int> ListAsync(bool json, CancellationToken cancellationToken)
    {
        var all = await users.ListAsync(cancellationToken);
        if (json)
        {
            console.Json(all.Select(u => new UserView(
                u.Upn, u.Email, u.DisplayName, u.ImmutableId, u.Enabled, u.StsRefreshTokensValidFrom, u.Source.ToString())));
            return CliApplication.Ok;
        }

        if (all.Count == 0)
        {
            console.Line("no users.");
            return CliApplication.Ok;
        }

        foreach (var u in all)
        {
            var state = u.Enabled ? "enabled" : "disabled";
            console.Line($"{u.Upn}  {state}  email={u.Email ?? "-"}  name={u.DisplayName ?? "-"}  "
                + $"id={u.ImmutableId}  sessions-valid-from={CliConsole.Instant(u.StsRefreshTokensValidFrom)}  source={u.Source}");
        }

        return CliApplication.Ok;
    }

    public async Task<int> SetEnabledAsync(string upn, bool enabled, CancellationToken cancellationToken)
    {
        var key = InputRules.Address(upn, "UPN");
        var directory = await users.SetEnabledAsync(key, enabled, cancellationToken);
        var count = await tokenServiceUsers.SetEnabledAsync(key, null, enabled, cancellationToken);
        if (!directory && count == 0)
        {
            throw new CliRefusedException($"no user with UPN '{key}'.");
        }

        // Each role's audit trail records the change to its own users.
        if (directory)
        {
            await audit.WriteAsync(invocation.Actor, enabled ? "user.enable" : "user.disable", key, $"tokenServiceUsers={count}", cancellationToken);
        }

        if (count > 0)
        {
            await tokenServiceAudit.WriteAsync(invocation.Actor, enabled ? "user.enable" : "user.disable", key, $"tokenServiceUsers={count}", cancellationToken);
        }

        console.Line(enabled ? $"enabled user {key}" : $"disabled user {key}");
        console.Line($"{count} token-service user(s) with this UPN {(enabled ? "enabled" : "disabled")}");
        return CliApplication.Ok;
    }

    /// <summary>
    /// Sets StsRefreshTokensValidFrom to now on every token-service user with the UPN (across federation trusts, or
    /// only <paramref name="trust"/>'s) and, without <paramref name="trust"/>, on the directory user; prints the instant
    /// and how many token-service users it reached.
    /// </summary>
    public async Task<int> RevokeSessionsAsync(string upn, string? trust, CancellationToken cancellationToken)
    {
        var key = InputRules.Address(upn, "UPN");
        var entityId = trust is null ? null : InputRules.Token(trust, "--trust", 1024);
        var now = timeProvider.GetUtcNow();
        var count = await tokenServiceUsers.RevokeSessionsAsync(key, entityId, now, cancellationToken);
        var directory = entityId is null ? await users.RevokeSessionsAsync(key, cancellationToken) : null;
        if (count == 0 && directory is null)
        {
            throw new CliRefusedException(entityId is null
                ? $"no user with UPN '{key}'."
                : $"no token-service user with UPN '{key}' from federation trust '{entityId}'.");
        }

        var instant = CliConsole.Instant(now);
        var details = $"stsRefreshTokensValidFrom={instant}; tokenServiceUsers={count}" + (entityId is null ? string.Empty : $"; trust={entityId}");
        if (directory is not null)
        {
            await audit.WriteAsync(invocation.Actor, "user.revoke-sessions", key, details, cancellationToken);
        }

        if (count > 0)
        {
            await tokenServiceAudit.WriteAsync(invocation.Actor, "user.revoke-sessions", key, details, cancellationToken);
        }

        console.Line(instant);
        console.Line($"sessions revoked for {count} token-service user(s) with this UPN" + (entityId is null ? " (all federation trusts)" : $" (trust {entityId})"));
        return CliApplication.Ok;
    }
}
