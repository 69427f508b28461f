using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CertAuth.Federation.Farm.Tests.Fixture;

/// <summary>One step's answer: HTTP status (0: no answer), stable error code if any, the node HAProxy named, and which step.</summary>
public sealed record StepAnswer(string Step, int Status, string? Code, string? Node)
{
    /// <summary>The error kind counted in the figures: step, status, code (or who answered without one).</summary>
    public string Kind => Status == 0 ? $"{Step}: no answer (connection)" : $"{Step}: {Status} {Code ?? (Node is null ? "from HAProxy" : "no code")}";
}

/// <summary>A step that did not give what the flow needs.</summary>
public sealed class FarmStepException(StepAnswer answer) : Exception(answer.Kind)
{
    public StepAnswer Answer { get; } = answer;
}

/// <summary>
/// The client side of the farm's flows over plain HTTP (as bench/CertAuth.Federation.LoadDriver's RefreshScenario does):
/// authorize (PKCE) at the token service → SAML request at the federation server → certificate step with alice's
/// certificate at HAProxy's certificate frontend → auto-POST to the ACS → code → tokens; and refresh-token redemption.
/// Each step records which node served it (<c>X-Farm-Node</c>).
/// </summary>
public static partial class FarmFlows
{
    public sealed record Tokens(string RefreshToken, IReadOnlyList<StepAnswer> Steps);

    public sealed record RefreshResult(StepAnswer Answer, string? RefreshToken);

    /// <summary>A whole sign-in through HAProxy; throws <see cref="FarmStepException"/> at the first step that fails.</summary>
    public static async Task<Tokens> SignInAsync(FarmFixture farm)
    {
        var cookies = new CookieContainer();
        using var plain = farm.CreateClient(withClientCertificate: false, cookies);
        using var withCertificate = farm.CreateClient(withClientCertificate: true, cookies);
        var steps = new List<StepAnswer>();

        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var authorize = new Uri(farm.TokenServiceUrl, "/oauth2/authorize?response_type=code"
            + "&client_id=" + FarmFixture.ClientId
            + "&redirect_uri=" + Uri.EscapeDataString(FarmFixture.RedirectUri)
            + "&scope=" + Uri.EscapeDataString("openid offline_access")
            + "&state=" + Base64Url(RandomNumberGenerator.GetBytes(12)) + "&code_challenge=" + challenge + "&code_challenge_method=S256");

        var toFederation = await RedirectAsync(plain, authorize, "authorize", steps);
        var toCertificate = await RedirectAsync(plain, toFederation, "saml request", steps);

        var (form, formAnswer) = await SendAsync(withCertificate, new HttpRequestMessage(HttpMethod.Get, toCertificate), "certificate step");
        steps.Add(formAnswer);
        var action = WebUtility.HtmlDecode(FormAction().Match(form?.Body ?? "").Groups[1].Value);
        var fields = HiddenField().Matches(form?.Body ?? "").ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
        if (formAnswer.Status != 200 || action.Length == 0 || !fields.ContainsKey("SAMLResponse"))
        {
            throw new FarmStepException(formAnswer);
        }

        var (acs, acsAnswer) = await SendAsync(plain, new HttpRequestMessage(HttpMethod.Post, new Uri(toCertificate, action)) { Content = new FormUrlEncodedContent(fields) }, "acs");
        steps.Add(acsAnswer);
        if (acs?.Location is not { } callback || System.Web.HttpUtility.ParseQueryString(callback.Query)["code"] is not { } code)
        {
            throw new FarmStepException(acsAnswer);
        }

        var (tokens, tokenAnswer) = await SendAsync(plain, new HttpRequestMessage(HttpMethod.Post, new Uri(farm.TokenServiceUrl, "/oauth2/token"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code",
                ["code"] = code,
                ["redirect_uri"] = FarmFixture.RedirectUri,
                ["client_id"] = FarmFixture.ClientId,
                ["code_verifier"] = verifier,
            }),
        }, "code redemption");
        steps.Add(tokenAnswer);
        if (tokenAnswer.Status != 200 || RefreshTokenOf(tokens!.Body) is not { } refresh)
        {
            throw new FarmStepException(tokenAnswer);
        }

        return new Tokens(refresh, steps);
    }

    /// <summary>Redeems <paramref name="refreshToken"/> at <paramref name="tokenService"/> (HAProxy or one node directly).</summary>
    public static async Task<RefreshResult> RefreshAsync(HttpClient client, Uri tokenService, string refreshToken)
    {
        var (response, answer) = await SendAsync(client, new HttpRequestMessage(HttpMethod.Post, new Uri(tokenService, "/oauth2/token"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = refreshToken,
                ["client_id"] = FarmFixture.ClientId,
            }),
        }, "refresh");
        return new RefreshResult(answer, answer.Status == 200 ? RefreshTokenOf(response!.Body) : null);
    }

    /// <summary>The stored hash of an opaque token (SHA-256, upper-case hex; the token service's OpaqueTokens.Hash).</summary>
    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private sealed record Response(string Body, Uri? Location);

    private static async Task<Uri> RedirectAsync(HttpClient client, Uri url, string step, List<StepAnswer> steps)
    {
        var (response, answer) = await SendAsync(client, new HttpRequestMessage(HttpMethod.Get, url), step);
        steps.Add(answer);
        return answer.Status is 302 or 303 && response?.Location is { } location ? new Uri(url, location) : throw new FarmStepException(answer);
    }

    private static async Task<(Response? Response, StepAnswer Answer)> SendAsync(HttpClient client, HttpRequestMessage request, string step)
    {
        try
        {
            using (request)
            using (var response = await client.SendAsync(request))
            {
                var body = await response.Content.ReadAsStringAsync();
                var node = response.Headers.TryGetValues("X-Farm-Node", out var nodes) ? nodes.FirstOrDefault() : null;
                var code = (int)response.StatusCode >= 400 ? ErrorCode().Match(body) is { Success: true } m ? m.Value : null : null;
                return (new Response(body, response.Headers.Location), new StepAnswer(step, (int)response.StatusCode, code, node));
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            return (null, new StepAnswer(step, 0, null, null));
        }
    }

    private static string? RefreshTokenOf(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("refresh_token", out var value) ? value.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex("\\bCA[FT]\\d{4,7}\\b")]
    private static partial Regex ErrorCode();

    [GeneratedRegex("<form[^>]*action=\"([^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex FormAction();

    [GeneratedRegex("<input[^>]*name=\"([^\"]*)\"[^>]*value=\"([^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenField();
}
