using CertAuth.Federation.Cli.Hosting;
using CertAuth.Federation.Cli.Output;
using CertAuth.Federation.TokenService.Explain;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Cli.Handlers;

/// <summary>
/// The <c>token explain &lt;refresh-token-id|user-upn&gt; [--json]</c> verb: whether a stored refresh token (or each
/// live one of a user) would still be redeemed, and why not, by the token service's own refresh rules
/// (<see cref="RefreshTokenExplainer"/>) over its store and its own trusted-CA list. Reads only. Exit codes: 0 a refresh
/// would succeed (for a user: at least one token), 1 it would be refused, 2 nothing found or bad input.
/// </summary>
internal sealed class TokenExplainHandler(CliInvocation invocation, CliConsole console)
{
    public async Task<int> ExplainAsync(string key, bool json, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > 256 || key.Any(char.IsControl))
        {
            await invocation.Environment.Error.WriteLineAsync("error: give a refresh token id (digits) or a user's UPN (at most 256 printable characters).");
            return CliApplication.Usage;
        }

        var services = new ServiceCollection();
        services.AddSingleton(invocation.Environment.TimeProvider);
        services.AddStandaloneRefreshTokenExplainer(invocation.Settings.Configuration, invocation.Settings.ConfigDirectory);
        await using var provider = services.BuildServiceProvider();
        var explanations = await provider.GetRequiredService<RefreshTokenExplainer>().ExplainAsync(key, cancellationToken);
        if (explanations.Count == 0)
        {
            await invocation.Environment.Error.WriteLineAsync($"error: no refresh token with id or user '{CliConsole.OneLine(key)}' at the token service.");
            return CliApplication.Usage;
        }

        if (json)
        {
            console.Json(explanations);
        }
        else
        {
            foreach (var e in explanations)
            {
                Print(e);
            }
        }

        return explanations.Any(e => e.WouldRefresh) ? CliApplication.Ok : CliApplication.Refused;
    }

    private void Print(RefreshTokenExplanation e)
    {
        console.Line($"refresh token {e.TokenId}  user {e.Upn}  client {e.ClientId}  family {e.FamilyId}");
        console.Line($"  signed in {CliConsole.Instant(e.AuthTime)}  issued {CliConsole.Instant(e.IssuedAt)}  expires {CliConsole.Instant(e.ExpiresAt)}  "
            + $"absolute {CliConsole.Instant(e.AbsoluteExpiresAt)}  (now {CliConsole.Instant(e.At)})");
        console.Line($"  certificate serial {e.CertificateSerialNumber ?? "-"}  issuer {e.CertificateIssuer ?? "-"}");
        foreach (var check in e.Checks)
        {
            var verdict = check.Verdict switch { RefreshCheckVerdict.Pass => "PASS", RefreshCheckVerdict.Fail => "FAIL", _ => "SKIP" };
            console.Line($"  {verdict}  {check.Name,-12} {CliConsole.OneLine(check.Detail)}");
        }

        foreach (var r in e.Revocation)
        {
            console.Line($"  crl  {r.AuthorityId}: {r.Status}  crl-number={r.CrlNumber ?? "-"} this-update={CliConsole.Instant(r.ThisUpdate)} "
                + $"entries={r.Entries?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}"
                + (r.RevokedAt is null ? string.Empty : $" revoked-at={CliConsole.Instant(r.RevokedAt)}")
                + (r.Problem is null ? string.Empty : $" problem={CliConsole.OneLine(r.Problem)}"));
        }

        console.Line(e.WouldRefresh
            ? "  result: a refresh would succeed"
            : $"  result: refused {e.ErrorCode} ({e.OAuthError}): {CliConsole.OneLine(e.Detail ?? string.Empty)}");
    }
}
