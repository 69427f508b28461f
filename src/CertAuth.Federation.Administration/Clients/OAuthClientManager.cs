using System.Security.Cryptography;
using CertAuth.Federation.Administration.Validation;
using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;

namespace CertAuth.Federation.Administration.Clients;

/// <summary>
/// An OAuth client to register. A confidential client gets a generated secret unless <see cref="SecretHash"/> (from
/// configuration) is given. Empty scope and grant lists get the defaults unless <see cref="DefaultsWhenEmpty"/> is false
/// (seeding keeps configured lists as written). <see cref="PostLogoutRedirectUris"/> are where <c>/oauth2/logout</c> may
/// send the browser after sign-out (none: the token service's signed-out page).
/// </summary>
public sealed record OAuthClientAddRequest(
    string? ClientId,
    IReadOnlyList<string> RedirectUris,
    bool Confidential,
    string? DisplayName,
    IReadOnlyList<string> Scopes,
    IReadOnlyList<string> GrantTypes,
    string? SecretHash = null,
    bool DefaultsWhenEmpty = true,
    IReadOnlyList<string>? PostLogoutRedirectUris = null);

/// <summary>A registered client and, for a generated secret, the secret (shown once, stored only as a hash).</summary>
public sealed record OAuthClientAdded(OAuthClientRecord Record, string? Secret);

/// <summary>OAuth clients registered with the token service.</summary>
public sealed class OAuthClientManager(IOAuthClientStore clients, IAdminRoleStores stores)
{
    /// <summary>Bound on redirect URIs per client.</summary>
    public const int MaxRedirectUris = 32;

    /// <summary>Bound on scopes per client.</summary>
    public const int MaxScopes = 64;

    private static readonly string[] KnownGrantTypes = ["authorization_code", "refresh_token", "urn:ietf:params:oauth:grant-type:saml2-bearer"];
    private static readonly string[] DefaultScopes = ["openid", "profile", "email", "offline_access"];
    private static readonly string[] DefaultGrantTypes = ["authorization_code", "refresh_token"];

    /// <summary>Registers a client; refused on a duplicate id or invalid redirect URI, scope or grant type.</summary>
    public Task<AdminResult<OAuthClientAdded>> AddAsync(OAuthClientAddRequest request, string actor, CancellationToken cancellationToken, RecordSource source = RecordSource.Administrator) =>
        AdminOperation.RunAsync(async _ =>
        {
            ArgumentNullException.ThrowIfNull(request);
            var id = InputRules.Token(request.ClientId, "client id", 128);
            var redirectUris = request.RedirectUris ?? [];
            var scopes = request.Scopes ?? [];
            var grantTypes = request.GrantTypes ?? [];
            if (redirectUris.Count is 0 or > MaxRedirectUris)
            {
                throw new AdminRefusal(AdminCodes.ListBounds, $"give between 1 and {MaxRedirectUris} --redirect-uri values.");
            }

            if (scopes.Count > MaxScopes)
            {
                throw new AdminRefusal(AdminCodes.ListBounds, $"at most {MaxScopes} --scope values.");
            }

            if (grantTypes.FirstOrDefault(g => !KnownGrantTypes.Contains(g, StringComparer.Ordinal)) is { } unknown)
            {
                throw new AdminRefusal(AdminCodes.GrantType, $"--grant '{unknown}' is not supported; use one of: {string.Join(", ", KnownGrantTypes)}.");
            }

            if (await clients.FindAsync(id, cancellationToken) is not null)
            {
                throw new AdminRefusal(AdminCodes.Duplicate, $"a client with id '{id}' already exists.");
            }

            var displayName = InputRules.Text(request.DisplayName, "--display-name", InputRules.MaxDisplayNameLength);
            var uris = redirectUris.Select(u => InputRules.SecureUrl(u, "--redirect-uri")).Distinct(StringComparer.Ordinal).ToList();
            var postLogoutUris = PostLogoutRedirectUris(request.PostLogoutRedirectUris ?? []);
            var allowedScopes = (scopes.Count == 0 && request.DefaultsWhenEmpty ? DefaultScopes : scopes.Select(s => InputRules.Token(s, "--scope", 128))).Distinct(StringComparer.Ordinal).ToList();

            // A confidential client gets a generated secret, shown once and stored only as a hash.
            var secret = request.Confidential && request.SecretHash is null ? Base64Url(RandomNumberGenerator.GetBytes(32)) : null;
            var record = new OAuthClientRecord
            {
                ClientId = id,
                DisplayName = displayName,
                IsPublic = !request.Confidential,
                SecretHash = request.SecretHash ?? (secret is null ? null : ClientSecretHasher.Hash(secret)),
                RedirectUris = uris,
                PostLogoutRedirectUris = postLogoutUris,
                AllowedScopes = allowedScopes,
                AllowedGrantTypes = [.. (grantTypes.Count == 0 && request.DefaultsWhenEmpty ? DefaultGrantTypes : grantTypes).Distinct(StringComparer.Ordinal)],
                Source = source,
            };
            await clients.AddAsync(record, cancellationToken);
            await stores.Audit(StoreRole.TokenService).WriteAsync(actor, "client.add", id, $"public={record.IsPublic}; redirects={record.RedirectUris.Count}; post-logout redirects={record.PostLogoutRedirectUris.Count}", cancellationToken);
            return new OAuthClientAdded(record, secret);
        });

    /// <summary>Every client.</summary>
    public Task<AdminResult<IReadOnlyList<OAuthClientRecord>>> ListAsync(CancellationToken cancellationToken) =>
        AdminOperation.RunAsync(async _ => await clients.ListAsync(cancellationToken));

    /// <summary>Removes a client.</summary>
    public Task<AdminResult<string>> RemoveAsync(string clientId, string actor, CancellationToken cancellationToken) =>
        AdminOperation.RunAsync(async _ =>
        {
            var id = (clientId ?? string.Empty).Trim();
            if (id.Length is 0 or > 128 || !await clients.RemoveAsync(id, cancellationToken))
            {
                throw new AdminRefusal(AdminCodes.NotFound, $"no client with id '{id}'.");
            }

            await stores.Audit(StoreRole.TokenService).WriteAsync(actor, "client.remove", id, null, cancellationToken);
            return id;
        });

    /// <summary>
    /// Post-logout redirect URIs (OpenID Connect RP-Initiated Logout 1.0 §3): each an absolute https URL, or http on a
    /// loopback address or localhost, without a fragment; at most <see cref="MaxRedirectUris"/>. Any other value is
    /// refused with <see cref="AdminCodes.PostLogoutRedirectUri"/>.
    /// </summary>
    internal static List<string> PostLogoutRedirectUris(IReadOnlyList<string> values)
    {
        if (values.Count > MaxRedirectUris)
        {
            throw new AdminRefusal(AdminCodes.ListBounds, $"at most {MaxRedirectUris} --post-logout-redirect-uri values.");
        }

        var accepted = new List<string>();
        foreach (var value in values)
        {
            var text = (value ?? string.Empty).Trim();
            if (text.Length is 0 or > 2048
                || !Uri.TryCreate(text, UriKind.Absolute, out var uri)
                || text.Contains('#', StringComparison.Ordinal)
                || !string.IsNullOrEmpty(uri.UserInfo)
                || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && (uri.IsLoopback || uri.Host == "localhost"))))
            {
                throw new AdminRefusal(AdminCodes.PostLogoutRedirectUri,
                    $"--post-logout-redirect-uri '{(text.Length > 64 ? text[..64] + "…" : text)}' must be an absolute https URL (http only on a loopback address), without a fragment.");
            }

            if (!accepted.Contains(text, StringComparer.Ordinal))
            {
                accepted.Add(text);
            }
        }

        return accepted;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
