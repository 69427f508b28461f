using CertAuth.Federation.Cli.Hosting;
using CertAuth.Federation.Cli.Output;
using CertAuth.Federation.Cli.Validation;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;

namespace CertAuth.Federation.Cli.Handlers;

/// <summary>The <c>user</c> verbs: the directory that certificates map to.</summary>
internal sealed class UserHandler(IUserStore users, IAuditLog audit, CliConsole console, CliInvocation invocation)
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
        if (!await users.SetEnabledAsync(key, enabled, cancellationToken))
        {
            throw new CliRefusedException($"no user with UPN '{key}'.");
        }

        await audit.WriteAsync(invocation.Actor, enabled ? "user.enable" : "user.disable", key, null, cancellationToken);
        console.Line(enabled ? $"enabled user {key}" : $"disabled user {key}");
        return CliApplication.Ok;
    }

    public async Task<int> RevokeSessionsAsync(string upn, CancellationToken cancellationToken)
    {
        var key = InputRules.Address(upn, "UPN");
        var validFrom = await users.RevokeSessionsAsync(key, cancellationToken)
            ?? throw new CliRefusedException($"no user with UPN '{key}'.");
        var instant = CliConsole.Instant(validFrom);
        await audit.WriteAsync(invocation.Actor, "user.revoke-sessions", key, $"stsRefreshTokensValidFrom={instant}", cancellationToken);
        console.Line(instant);
        return CliApplication.Ok;
    }
}
