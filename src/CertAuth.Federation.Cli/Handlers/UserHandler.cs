using CertAuth.Federation.Administration.Users;
using CertAuth.Federation.Cli.Hosting;
using CertAuth.Federation.Cli.Output;

namespace CertAuth.Federation.Cli.Handlers;

/// <summary>
/// The <c>user</c> verbs: the directory that certificates map to (<c>users</c>), and — for <c>disable</c>, <c>enable</c>
/// and <c>revoke-sessions</c> — the token service's own users with that UPN (<c>ts_users</c>, one per federation trust).
/// Parsing and printing only; the rules and the audit are <see cref="UserManager"/>'s.
/// </summary>
internal sealed class UserHandler(UserManager manager, CliConsole console, CliInvocation invocation)
{
    public async Task<int> AddAsync(string upn, string? email, string? displayName, string? immutableId, CancellationToken cancellationToken)
    {
        var record = (await manager.AddAsync(new UserAddRequest(upn, email, displayName, immutableId), invocation.Actor, cancellationToken)).Unwrap();
        console.Line($"added user {record.Upn} (immutable id {record.ImmutableId})");
        return CliApplication.Ok;
    }

    public async Task<int> ListAsync(bool json, CancellationToken cancellationToken)
    {
        var all = (await manager.ListAsync(cancellationToken)).Unwrap();
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
        var change = (await manager.SetEnabledAsync(upn, enabled, invocation.Actor, cancellationToken)).Unwrap();
        console.Line(enabled ? $"enabled user {change.Upn}" : $"disabled user {change.Upn}");
        console.Line($"{change.TokenServiceUsers} token-service user(s) with this UPN {(enabled ? "enabled" : "disabled")}");
        return CliApplication.Ok;
    }

    /// <summary>
    /// Sets StsRefreshTokensValidFrom to now on every token-service user with the UPN (across federation trusts, or
    /// only <paramref name="trust"/>'s) and, without <paramref name="trust"/>, on the directory user; prints the instant
    /// and how many token-service users it reached.
    /// </summary>
    public async Task<int> RevokeSessionsAsync(string upn, string? trust, CancellationToken cancellationToken)
    {
        var revoked = (await manager.RevokeSessionsAsync(upn, trust, invocation.Actor, cancellationToken)).Unwrap();
        console.Line(CliConsole.Instant(revoked.ValidFrom));
        console.Line($"sessions revoked for {revoked.TokenServiceUsers} token-service user(s) with this UPN" + (revoked.Trust is null ? " (all federation trusts)" : $" (trust {revoked.Trust})"));
        return CliApplication.Ok;
    }
}
