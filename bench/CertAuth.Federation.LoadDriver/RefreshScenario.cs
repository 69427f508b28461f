using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CertAuth.Federation.LoadDriver;

/// <summary>
/// Refresh-token redemption at the token service's <c>/oauth2/token</c>. Each worker first signs in once through the
/// whole flow — authorize (PKCE) → federation server → certificate listener → auto-POST to the ACS → code → tokens —
/// then every measured operation redeems its current refresh token and keeps the rotated one (reusing an old one
/// would revoke the family, RFC 9700), over one kept-alive HTTPS connection per worker.
/// </summary>
public static partial class RefreshScenario
{
    public static async Task<LoadRun.Result> RunAsync(DriverOptions options, Tls tls, ServerMemory server)
    {
        using var tokenClient = new HttpClient(tls.CreateHandler(withClientCertificate: false, keepAlive: true, options.Concurrency))
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        var tokenEndpoint = new Uri(options.TokenServiceUrl, "/oauth2/token");
        return await LoadRun.RunAsync(options, _ => SignInAsync(options, tls), async worker =>
        {
            using var response = await tokenClient.PostAsync(tokenEndpoint, new FormUrlEncodedContent(WithSecret(options, new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = worker.RefreshToken,
                ["client_id"] = options.ClientId,
            })));
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return $"HTTP {(int)response.StatusCode} {Truncate(body)}";
            }

            using var json = JsonDocument.Parse(body);
            if (!json.RootElement.TryGetProperty("refresh_token", out var next) || !json.RootElement.TryGetProperty("access_token", out _))
            {
                return "200 without access_token/refresh_token";
            }

            worker.RefreshToken = next.GetString()!;
            return null;
        }, server);
    }

    private static async Task<Worker> SignInAsync(DriverOptions options, Tls tls)
    {
        var cookies = new CookieContainer();
        var plainHandler = tls.CreateHandler(withClientCertificate: false, keepAlive: true, 2);
        plainHandler.UseCookies = true;
        plainHandler.CookieContainer = cookies;
        var certificateHandler = tls.CreateHandler(withClientCertificate: true, keepAlive: true, 2);
        using var plain = new HttpClient(plainHandler) { Timeout = TimeSpan.FromSeconds(30) };
        using var withCertificate = new HttpClient(certificateHandler) { Timeout = TimeSpan.FromSeconds(30) };

        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var state = Base64Url(RandomNumberGenerator.GetBytes(16));
        var authorize = new Uri(options.TokenServiceUrl, "/oauth2/authorize?response_type=code"
            + "&client_id=" + Uri.EscapeDataString(options.ClientId)
            + "&redirect_uri=" + Uri.EscapeDataString(options.RedirectUri)
            + "&scope=" + Uri.EscapeDataString("openid offline_access")
            + "&state=" + state + "&code_challenge=" + challenge + "&code_challenge_method=S256");

        var toFederation = await RedirectAsync(plain, authorize);
        var toCertificate = await RedirectAsync(plain, toFederation);
        var form = await withCertificate.GetStringAsync(toCertificate);
        var action = WebUtility.HtmlDecode(FormAction().Match(form).Groups[1].Value);
        var fields = HiddenField().Matches(form).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
        if (action.Length == 0 || !fields.ContainsKey("SAMLResponse"))
        {
            throw new InvalidOperationException("The certificate sign-in did not return a SAMLResponse form: " + Truncate(form));
        }

        using var acs = await plain.PostAsync(new Uri(toCertificate, action), new FormUrlEncodedContent(fields));
        var callback = acs.Headers.Location ?? throw new InvalidOperationException($"The ACS answered {(int)acs.StatusCode}: " + Truncate(await acs.Content.ReadAsStringAsync()));
        var query = System.Web.HttpUtility.ParseQueryString(callback.Query);
        var code = query["code"] ?? throw new InvalidOperationException("No code in " + callback);

        using var tokens = await plain.PostAsync(new Uri(options.TokenServiceUrl, "/oauth2/token"), new FormUrlEncodedContent(WithSecret(options, new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = options.RedirectUri,
            ["client_id"] = options.ClientId,
            ["code_verifier"] = verifier,
        })));
        var body = await tokens.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        return json.RootElement.TryGetProperty("refresh_token", out var refresh)
            ? new Worker { RefreshToken = refresh.GetString()! }
            : throw new InvalidOperationException("The code redemption returned no refresh token: " + Truncate(body));
    }

    /// <summary>Adds client_secret (client_secret_post) for a confidential client (<c>--client-secret</c>).</summary>
    private static Dictionary<string, string> WithSecret(DriverOptions options, Dictionary<string, string> form)
    {
        if (options.ClientSecret is not null)
        {
            form["client_secret"] = options.ClientSecret;
        }

        return form;
    }

    private static async Task<Uri> RedirectAsync(HttpClient client, Uri url)
    {
        using var response = await client.GetAsync(url);
        return response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther && response.Headers.Location is { } location
            ? new Uri(url, location)
            : throw new InvalidOperationException($"{url.GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode}, not a redirect.");
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200];

    [GeneratedRegex("<form[^>]*action=\"([^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex FormAction();

    [GeneratedRegex("<input[^>]*name=\"([^\"]*)\"[^>]*value=\"([^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenField();

    public sealed class Worker
    {
        public required string RefreshToken { get; set; }
    }
}
