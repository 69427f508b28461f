using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;

namespace CertAuth.Federation.Farm.Tests.Fixture;

/// <summary>
/// The steps of a sign-in sent to named nodes directly (each node's own port, never HAProxy), so a test knows which
/// process served each step: authorize at a token-service node → the SAML request at a federation node → the
/// certificate step at a federation node, the user's certificate forwarded as RFC 9440 <c>Client-Cert</c> (the nodes
/// trust 127.0.0.1 as the TLS-terminating proxy, as HAProxy's certificate frontend does it) → the SAML response
/// posted to a token-service node's ACS → the code redeemed at a token-service node. The addresses the nodes answer
/// with are the farm's public ones (HAProxy's); each is re-pointed at the chosen node. Also runs the real CLI
/// (<c>certauth.dll</c>, built by the project reference) against the farm's PostgreSQL.
/// </summary>
public sealed partial class NodeFlows(FarmFixture farm) : IDisposable
{
    private readonly CookieContainer _cookies = new();
    private HttpClient? _client;

    /// <summary>One client for every node (cookies are per host, not per port: the binding cookie follows the browser).</summary>
    public HttpClient Client => _client ??= farm.CreateClient(withClientCertificate: false, _cookies);

    /// <summary>What a SAML sign-in left in hand: the response form for the ACS and the PKCE verifier of its authorize.</summary>
    public sealed record SamlResponseForm(Uri Acs, IReadOnlyDictionary<string, string> Fields, string Verifier, string ClientId, string RedirectUri);

    /// <summary>An HTTP answer: status, the stable error code in it (CAF…/CAT…), the Location and the body.</summary>
    public sealed record Answer(int Status, string? Code, Uri? Location, string Body)
    {
        public override string ToString() => $"{Status} {Code} {Location} {(Status >= 400 ? Body[..Math.Min(Body.Length, 300)] : string.Empty)}";
    }

    /// <summary>The public URL <paramref name="url"/> re-pointed at <paramref name="node"/>'s own port.</summary>
    public static Uri At(FarmNode node, Uri url) => new UriBuilder(url) { Port = node.Port }.Uri;

    /// <summary>Authorize at <paramref name="authorizeAt"/> with PKCE; returns the answer and the verifier.</summary>
    public async Task<(Answer Answer, string Verifier)> AuthorizeAsync(FarmNode authorizeAt, string clientId = FarmFixture.ClientId, string redirectUri = FarmFixture.RedirectUri)
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var url = new Uri(authorizeAt.BaseUrl, "/oauth2/authorize?response_type=code"
            + "&client_id=" + Uri.EscapeDataString(clientId)
            + "&redirect_uri=" + Uri.EscapeDataString(redirectUri)
            + "&scope=" + Uri.EscapeDataString("openid offline_access")
            + "&state=" + Base64Url(RandomNumberGenerator.GetBytes(12)) + "&code_challenge=" + challenge + "&code_challenge_method=S256");
        return (await GetAsync(url), verifier);
    }

    /// <summary>authorize → SAML request → certificate step, each at the node given; the SAML response form for the ACS.</summary>
    public async Task<SamlResponseForm> SamlResponseAsync(FarmNode authorizeAt, FarmNode samlRequestAt, FarmNode certificateAt, X509Certificate2 user)
    {
        var (authorize, verifier) = await AuthorizeAsync(authorizeAt);
        var toFederation = Redirect(authorize, "authorize");
        var toCertificate = Redirect(await GetAsync(At(samlRequestAt, toFederation)), "SAML request");
        var form = await CertificateStepAsync(certificateAt, toCertificate, user);
        return (FormOf(form) ?? throw new InvalidOperationException($"certificate step at {certificateAt.Name}: {form}")) with { Verifier = verifier };
    }

    /// <summary>GET the certificate step at <paramref name="node"/> with <paramref name="user"/>'s certificate as <c>Client-Cert</c>.</summary>
    public Task<Answer> CertificateStepAsync(FarmNode node, Uri certificateStep, X509Certificate2 user)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, At(node, certificateStep));
        request.Headers.Add("Client-Cert", ":" + Convert.ToBase64String(user.RawData) + ":");
        return SendAsync(request);
    }

    /// <summary>Posts the SAML response form to <paramref name="node"/>'s ACS.</summary>
    public Task<Answer> PostAcsAsync(FarmNode node, SamlResponseForm form) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, At(node, form.Acs)) { Content = new FormUrlEncodedContent(form.Fields) });

    /// <summary>The code in the ACS's redirect to the client, or null.</summary>
    public static string? CodeOf(Answer acs) =>
        acs.Status is 302 or 303 && acs.Location is { } location ? System.Web.HttpUtility.ParseQueryString(location.Query)["code"] : null;

    /// <summary>Redeems <paramref name="code"/> at <paramref name="node"/>'s token endpoint.</summary>
    public Task<Answer> RedeemAsync(FarmNode node, string code, SamlResponseForm form) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(node.BaseUrl, "/oauth2/token"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code",
                ["code"] = code,
                ["redirect_uri"] = form.RedirectUri,
                ["client_id"] = form.ClientId,
                ["code_verifier"] = form.Verifier,
            }),
        });

    /// <summary>Redeems a refresh token at <paramref name="node"/>.</summary>
    public Task<Answer> RefreshAsync(FarmNode node, string refreshToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(node.BaseUrl, "/oauth2/token"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = refreshToken,
                ["client_id"] = FarmFixture.ClientId,
            }),
        });

    /// <summary>A whole sign-in of <paramref name="user"/> (default alice) with every step on the nodes given; the refresh token.</summary>
    public async Task<string> SignInAsync(FarmNode tokenService, FarmNode federation, X509Certificate2? user = null)
    {
        var form = await SamlResponseAsync(tokenService, federation, federation, user ?? farm.Alice);
        var acs = await PostAcsAsync(tokenService, form);
        var code = CodeOf(acs) ?? throw new InvalidOperationException($"ACS at {tokenService.Name}: {acs}");
        var tokens = await RedeemAsync(tokenService, code, form);
        return JsonProperty(tokens, "refresh_token") ?? throw new InvalidOperationException($"code at {tokenService.Name}: {tokens}");
    }

    /// <summary>A string property of a JSON answer, or null.</summary>
    public static string? JsonProperty(Answer answer, string name)
    {
        try
        {
            using var json = JsonDocument.Parse(answer.Body);
            return json.RootElement.TryGetProperty(name, out var value) ? value.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The ID of the assertion inside a SAML response form (base64 of the Response XML).</summary>
    public static string AssertionId(SamlResponseForm form)
    {
        var document = new XmlDocument { XmlResolver = null };
        document.LoadXml(Encoding.UTF8.GetString(Convert.FromBase64String(form.Fields["SAMLResponse"])));
        var namespaces = new XmlNamespaceManager(document.NameTable);
        namespaces.AddNamespace("a", "urn:oasis:names:tc:SAML:2.0:assertion");
        return document.SelectSingleNode("//a:Assertion/@ID", namespaces)?.Value
               ?? throw new InvalidOperationException("The response holds no (unencrypted) assertion.");
    }

    /// <summary>Copies of the cookies the client would send to <paramref name="url"/> (what a replayer of the browser's request holds).</summary>
    public IReadOnlyList<Cookie> SaveCookies(Uri url) =>
        _cookies.GetCookies(url).Select(c => new Cookie(c.Name, c.Value, c.Path, c.Domain) { Secure = c.Secure, HttpOnly = c.HttpOnly }).ToList();

    /// <summary>Puts saved cookies back (after a response cleared them).</summary>
    public void RestoreCookies(IEnumerable<Cookie> cookies)
    {
        foreach (var cookie in cookies)
        {
            _cookies.Add(new Cookie(cookie.Name, cookie.Value, cookie.Path, cookie.Domain) { Secure = cookie.Secure, HttpOnly = cookie.HttpOnly });
        }
    }

    public Task<Answer> GetAsync(Uri url) => SendAsync(new HttpRequestMessage(HttpMethod.Get, url));

    /// <summary>
    /// Runs the real CLI (<c>dotnet certauth.dll --config &lt;farm&gt;/appsettings.json …</c>) on the farm's store: the
    /// same appsettings.json the nodes read, with the storage keys of the nodes' settings (<see cref="FarmFixture.Environment"/>).
    /// Returns the exit code and the output; bounded to 120 s.
    /// </summary>
    public async Task<(int ExitCode, string Output)> CliAsync(params string[] arguments)
    {
        var dll = Path.Combine(FarmFixture.RepositoryRoot(), "src", "CertAuth.Federation.Cli", "bin", Configuration(), "net10.0", "certauth.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build the test project (it builds the CLI).");
        }

        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = farm.Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--config");
        info.ArgumentList.Add(Path.Combine(farm.Folder, "appsettings.json"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var key in new[] { "Storage__Provider", "Storage__ConnectionString", "DevPki__Enabled" })
        {
            info.Environment[key] = farm.Environment[key];
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"certauth {string.Join(' ', arguments)} did not finish within 120 s");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>
    /// Polls <paramref name="check"/>, 100 ms apart, until it holds or <paramref name="attempts"/> polls are spent (a
    /// bounded count, never a clock reading as pass/fail); returns how many polls it took, else throws with the last answer.
    /// </summary>
    public static async Task<int> UntilAsync(Func<Task<(bool Holds, string Last)>> check, int attempts, string what)
    {
        var last = string.Empty;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            (var holds, last) = await check();
            if (holds)
            {
                return attempt;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{what}: did not hold within {attempts} polls; last answer {last}");
    }

    public void Dispose() => _client?.Dispose();

    private static SamlResponseForm? FormOf(Answer answer)
    {
        var action = WebUtility.HtmlDecode(FormAction().Match(answer.Body).Groups[1].Value);
        var fields = HiddenField().Matches(answer.Body).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
        return answer.Status == 200 && action.Length > 0 && fields.ContainsKey("SAMLResponse")
            ? new SamlResponseForm(new Uri(action), fields, string.Empty, FarmFixture.ClientId, FarmFixture.RedirectUri)
            : null;
    }

    private static Uri Redirect(Answer answer, string step) =>
        answer.Status is 302 or 303 && answer.Location is { } location ? location : throw new InvalidOperationException($"{step}: {answer}");

    private async Task<Answer> SendAsync(HttpRequestMessage request)
    {
        var url = request.RequestUri!;
        using (request)
        using (var response = await Client.SendAsync(request))
        {
            var body = await response.Content.ReadAsStringAsync();
            var code = (int)response.StatusCode >= 400 ? ErrorCode().Match(body) is { Success: true } m ? m.Value : null : null;
            var location = response.Headers.Location is { } l ? new Uri(url, l) : null;
            return new Answer((int)response.StatusCode, code, location, body);
        }
    }

    private static string Configuration() =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex("\\bCA[FT]\\d{4,7}\\b")]
    private static partial Regex ErrorCode();

    [GeneratedRegex("<form[^>]*action=\"([^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex FormAction();

    [GeneratedRegex("<input[^>]*name=\"([^\"]*)\"[^>]*value=\"([^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenField();
}
