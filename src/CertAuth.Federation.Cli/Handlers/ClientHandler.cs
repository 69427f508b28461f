using System.Security.Cryptography;
using CertAuth.Federation.Cli.Hosting;
using CertAuth.Federation.Cli.Output;
using CertAuth.Federation.Cli.Validation;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;

using CertAuth.Federation.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Cli.Handlers;

/// <summary>The <c>client</c> verbs: OAuth clients registered with the token service.</summary>
internal sealed class ClientHandler(IOAuthClientStore clients, [FromKeyedServices(StoreRole.TokenService)] IAuditLog audit, CliConsole console, CliInvocation invocation)
{
    public const int MaxRedirectUris = 32;

    private static readonly string[] KnownGrantTypes = ["authorization_code", "refresh_token", "urn:ietf:params:oauth:grant-type:saml2-bearer"];
    private static readonly string[] DefaultScopes = ["openid", "profile", "email", "offline_access"];
    private static readonly string[] DefaultGrantTypes = ["authorization_code", "refresh_token"];

    public async Task<int> AddAsync(
        string clientId, IReadOnlyList<string> redirectUris, bool confidential, string? displayName,
        IReadOnlyList<string> scopes, IReadOnlyList<string> grantTypes, CancellationToken cancellationToken)
    {
        var id = InputRules.Token(clientId, "client id", 128);
        if (redirectUris.Count is 0 or > MaxRedirectUris)
        {
            throw new CliRefusedException($"give between 1 and {MaxRedirectUris} --redirect-uri values.");
        }

        if (grantTypes.FirstOrDefault(g => !KnownGrantTypes.Contains(g, StringComparer.Ordinal)) is { } unknown)
        {
            throw new CliRefusedException($"--grant '{unknown}' is not supported; use one of: {string.Join(", ", KnownGrantTypes)}.");
        }

        if (await clients.FindAsync(id, cancellationToken) is not null)
        {
            throw new CliRefusedException($"a client with id '{id}' already exists.");
        }

        // A confidential client gets a generated secret, shown once and stored only as a hash.
        var secret = confidential ? Base64Url(RandomNumberGenerator.GetBytes(32)) : null;
        var record = new OAuthClientRecord
        {
            ClientId = id,
            DisplayName = InputRules.Text(displayName, "--display-name", InputRules.MaxDisplayNameLength),
            IsPublic = !confidential,
            SecretHash = secret is null ? null : ClientSecretHasher.Hash(secret),
            RedirectUris = [.. redirectUris.Select(u => InputRules.SecureUrl(u, "--redirect-uri")).Distinct(StringComparer.Ordinal)],
            AllowedScopes = [.. (scopes.Count == 0 ? DefaultScopes : scopes.Select(s => InputRules.Token(s, "--scope", 128))).Distinct(StringComparer.Ordinal)],
            AllowedGrantTypes = [.. (grantTypes.Count == 0 ? DefaultGrantTypes : grantTypes).Distinct(StringComparer.Ordinal)],
            Source = RecordSource.Administrator,
        };
        await clients.AddAsync(record, cancellationToken);
        await audit.WriteAsync(invocation.Actor, "client.add", id, $"public={record.IsPublic}; redirects={record.RedirectUris.Count}", cancellationToken);
        console.Line($"added {(confidential ? "confidential" : "public")} client {id}");
        if (secret is not null)
        {
            console.Line($"client secret (shown once, store it now): {secret}");
        }

        return CliApplication.Ok;
    }

    public async Task<int> ListAsync(bool json, CancellationToken cancellationToken)
    {
        var all = await clients.ListAsync(cancellationToken);
        if (json)
        {
            console.Json(all.Select(c => new
            {
                c.ClientId, c.DisplayName, c.Enabled, Public = c.IsPublic, c.RedirectUris, c.AllowedScopes, c.AllowedGrantTypes, Source = c.Source.ToString(),
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
        var id = clientId.Trim();
        if (!await clients.RemoveAsync(id, cancellationToken))
        {
            throw new CliRefusedException($"no client with id '{id}'.");
        }

        await audit.WriteAsync(invocation.Actor, "client.remove", id, null, cancellationToken);
        console.Line($"removed client {id}");
        return CliApplication.Ok;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
