using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace CertAuth.Federation.SampleApp;

/// <summary>The back channel to the token endpoint: code redemption and refresh, as the public client.</summary>
public sealed class TokenServiceClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly SampleAppOptions _options;

    public TokenServiceClient(SampleAppOptions options, X509Certificate2 trustedRoot)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                // Trust only the configured root (the development PKI's), not the machine's store.
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
                    {
                        return false;
                    }

                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(trustedRoot);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                    return chain.Build(leaf);
                },
            },
        };
        _http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(15) };
    }

    /// <summary>Redeems an authorization code with its PKCE verifier.</summary>
    public Task<TokenAnswer> RedeemCodeAsync(string code, string verifier, CancellationToken cancellationToken) =>
        PostAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = _options.ClientId,
            ["redirect_uri"] = _options.RedirectUri.AbsoluteUri,
            ["code"] = code,
            ["code_verifier"] = verifier,
        }, cancellationToken);

    /// <summary>Redeems a refresh token (rotated on every use).</summary>
    public Task<TokenAnswer> RefreshAsync(string refreshToken, CancellationToken cancellationToken) =>
        PostAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = _options.ClientId,
            ["refresh_token"] = refreshToken,
        }, cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<TokenAnswer> PostAsync(Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.PostAsync(new Uri(_options.TokenServiceUrl, "/oauth2/token"), new FormUrlEncodedContent(form), cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            using var json = JsonDocument.Parse(body.Length == 0 ? "{}" : body);
            var root = json.RootElement;
            return new TokenAnswer(Text(root, "access_token"), Text(root, "id_token"), Text(root, "refresh_token"), Text(root, "error"), Text(root, "error_description"));
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException)
        {
            return new TokenAnswer(null, null, null, "token_service_unreachable", ex.Message);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
