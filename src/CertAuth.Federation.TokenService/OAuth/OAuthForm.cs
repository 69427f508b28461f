using System.Net.Http.Headers;
using System.Text;
using CertAuth.Federation.TokenService.Errors;
using Microsoft.AspNetCore.Http;

namespace CertAuth.Federation.TokenService.OAuth;

/// <summary>
/// A bounded form POST to a client-authenticated endpoint (<c>/oauth2/token</c>, <c>/oauth2/revoke</c>,
/// <c>/oauth2/introspect</c>): no repeated parameters (RFC 6749 §3.2), each listed parameter within its bound, and the
/// client credentials from HTTP Basic (RFC 6749 §2.3.1, form-urlencoded id and secret) or the form, never both.
/// </summary>
internal sealed class OAuthForm
{
    private readonly IFormCollection _form;

    private OAuthForm(IFormCollection form, string? clientId, string? clientSecret, bool basic)
    {
        _form = form;
        ClientId = clientId;
        ClientSecret = clientSecret;
        UsedBasicAuthentication = basic;
    }

    public string? ClientId { get; }

    public string? ClientSecret { get; }

    /// <summary>Whether the client authenticated with HTTP Basic (errors then answer 401 with a challenge).</summary>
    public bool UsedBasicAuthentication { get; }

    /// <summary>The parameter's single non-empty value, or null.</summary>
    public string? Get(string name) => _form.TryGetValue(name, out var v) && v.Count == 1 && v[0]!.Length > 0 ? v[0] : null;

    /// <summary>Reads and bounds the form; the error (never thrown) says why it was refused.</summary>
    public static async Task<(OAuthForm? Form, TokenError? Error)> ReadAsync(HttpContext context, IReadOnlyDictionary<string, int> limits, int maxBytes)
    {
        var http = context.Request;
        if (!HttpMethods.IsPost(http.Method) || !http.HasFormContentType)
        {
            return (null, new TokenError(TokenErrorCode.InvalidRequest, "Expected a form POST."));
        }

        if (http.ContentLength > maxBytes)
        {
            return (null, new TokenError(TokenErrorCode.RequestTooLarge, "The request is too large."));
        }

        IFormCollection form;
        try
        {
            form = await http.ReadFormAsync(context.RequestAborted);
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException)
        {
            return (null, new TokenError(TokenErrorCode.RequestTooLarge, "The request exceeds the form limits."));
        }

        foreach (var (key, values) in form)
        {
            if (values.Count > 1)
            {
                return (null, new TokenError(TokenErrorCode.InvalidRequest, "A parameter is repeated."));
            }

            if (limits.TryGetValue(key, out var max) && values[0]!.Length > max)
            {
                return (null, new TokenError(TokenErrorCode.RequestTooLarge, $"The parameter '{key}' is too long."));
            }
        }

        var (basicId, basicSecret, basicError) = ReadBasic(http);
        if (basicError is not null)
        {
            return (null, basicError);
        }

        string? Get(string name) => form.TryGetValue(name, out var v) && v.Count == 1 && v[0]!.Length > 0 ? v[0] : null;
        if (basicId is not null && (Get("client_secret") is not null || (Get("client_id") is { } formId && formId != basicId)))
        {
            return (null, new TokenError(TokenErrorCode.InvalidRequest, "Use one client authentication method only."));
        }

        return (new OAuthForm(form, basicId ?? Get("client_id"), basicSecret ?? Get("client_secret"), basicId is not null), null);
    }

    /// <summary>The RFC 6749 §5.2 JSON error: 401 for <c>invalid_client</c> (with a Basic challenge when Basic was used), else 400.</summary>
    public static IResult Error(TokenError error, bool basic, string realm)
    {
        var body = new Dictionary<string, string> { ["error"] = error.OAuthError, ["error_description"] = error.Description };
        if (error.OAuthError == "invalid_client")
        {
            return basic
                ? new ChallengeResult(body, realm)
                : Results.Json(body, statusCode: StatusCodes.Status401Unauthorized);
        }

        return error.Code == TokenErrorCode.Throttled
            ? new RetryAfter(Results.Json(body, statusCode: StatusCodes.Status429TooManyRequests), ClientSecretVerifier.QueueTimeout)
            : Results.Json(body, statusCode: StatusCodes.Status400BadRequest);
    }

    /// <summary>A throttled answer with <c>Retry-After</c> (RFC 9110 §10.2.3), in whole seconds.</summary>
    private sealed class RetryAfter(IResult inner, TimeSpan after) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(after.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }

    private static (string? Id, string? Secret, TokenError? Error) ReadBasic(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase))
        {
            return (null, null, null);
        }

        try
        {
            var raw = header.Parameter is { Length: <= 1024 } p ? Encoding.UTF8.GetString(Convert.FromBase64String(p)) : null;
            var colon = raw?.IndexOf(':', StringComparison.Ordinal) ?? -1;
            if (colon <= 0)
            {
                return (null, null, new TokenError(TokenErrorCode.InvalidClientSecret, "Malformed Basic credentials."));
            }

            return (Uri.UnescapeDataString(raw![..colon].Replace('+', ' ')), Uri.UnescapeDataString(raw[(colon + 1)..].Replace('+', ' ')), null);
        }
        catch (FormatException)
        {
            return (null, null, new TokenError(TokenErrorCode.InvalidClientSecret, "Malformed Basic credentials."));
        }
    }

    /// <summary>RFC 6749 §5.2: 401 with a Basic challenge when the client tried HTTP Basic.</summary>
    private sealed class ChallengeResult(Dictionary<string, string> body, string realm) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.WWWAuthenticate = $"Basic realm=\"{realm}\"";
            return Results.Json(body, statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(httpContext);
        }
    }
}
