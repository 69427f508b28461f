using CertAuth.Federation.Administration.Clients;
using CertAuth.Federation.Cli.Hosting;
using CertAuth.Federation.Cli.Output;

namespace CertAuth.Federation.Cli.Handlers;

/// <summary>The <c>client</c> verbs: OAuth clients registered with the token service (rules and audit: <see cref="OAuthClientManager"/>).</summary>
internal sealed class ClientHandler(OAuthClientManager manager, CliConsole console, CliInvocation invocation)
{
    public const int MaxRedirectUris = OAuthClientManager.MaxRedirectUris;

    public async Task<int> AddAsync(
        string clientId, IReadOnlyList<string> redirectUris, bool confidential, string? displayName,
        IReadOnlyList<string> scopes, IReadOnlyList<string> grantTypes, CancellationToken cancellationToken, IReadOnlyList<string>? postLogoutRedirectUris = null)
    {
        var added = (await manager.AddAsync(
            new OAuthClientAddRequest(clientId, redirectUris, confidential, displayName, scopes, grantTypes, PostLogoutRedirectUris: postLogoutRedirectUris ?? []),
            invocation.Actor, cancellationToken)).Unwrap();
        console.Line($"added {(confidential ? "confidential" : "public")} client {added.Record.ClientId}");
        if (added.Secret is not null)
        {
            console.Line($"client secret (shown once, store it now): {added.Secret}");
        }

        return CliApplication.Ok;
    }

    public async Task<int> ListAsync(bool json, CancellationToken cancellationToken)
    {
        var all = (await manager.ListAsync(cancellationToken)).Unwrap();
        if (json)
        {
            console.Json(all.Select(c => new
            {
                c.ClientId, c.DisplayName, c.Enabled, Public = c.IsPublic, c.RedirectUris, c.PostLogoutRedirectUris, c.AllowedScopes, c.AllowedGrantTypes, Source = c.Source.ToString(),
            }));
            return CliApplication.Ok;
        }

        if (all.Count == 0)
        {
            console.Line("no clients.");
        }

        foreach (var c in all)
        {
            console.Line($"{c.ClientId}  {(c.IsPublic ? "public" : "confidential")}  {(c.Enabled ? "enabled" : "disabled")}  "
                + $"redirects={string.Join(",", c.RedirectUris)}  scopes={string.Join(" ", c.AllowedScopes)}  grants={string.Join(",", c.AllowedGrantTypes)}  source={c.Source}");
        }

        return CliApplication.Ok;
    }

    public async Task<int> RemoveAsync(string clientId, CancellationToken cancellationToken)
    {
        var id = (await manager.RemoveAsync(clientId, invocation.Actor, cancellationToken)).Unwrap();
        console.Line($"removed client {id}");
        return CliApplication.Ok;
    }
}
