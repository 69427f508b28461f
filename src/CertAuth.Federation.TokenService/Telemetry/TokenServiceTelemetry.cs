using System.Diagnostics;
using System.Diagnostics.Metrics;
using CertAuth.Federation.TokenService.Errors;

namespace CertAuth.Federation.TokenService.Telemetry;

/// <summary>
/// The token service's telemetry (issue #15): the <c>CertAuth.Federation.TokenService</c> ActivitySource (spans
/// <c>certauth.token.client_authentication</c>, <c>certauth.token.grant</c> tagged with <c>oauth.grant_type</c>, and
/// <c>certauth.acs</c>) and Meter (one per host, from <see cref="IMeterFactory"/>):
/// <list type="bullet">
/// <item><c>certauth.tokenservice.tokens_issued</c> ({token}): tags <c>certauth.protocol</c> (oauth2) and <c>oauth.grant_type</c>.</item>
/// <item><c>certauth.tokenservice.acs_results</c> ({response}): tag <c>certauth.error_code</c> (CATnnnnnn, or <c>success</c>).</item>
/// <item><c>certauth.tokenservice.refresh_redemptions</c> ({redemption}): tag <c>certauth.error_code</c> (CATnnnnnn, or <c>success</c>).</item>
/// <item><c>certauth.tokenservice.token_requests_refused</c> ({request}): tags <c>oauth.grant_type</c> and <c>certauth.error_code</c>.</item>
/// <item><c>certauth.tokenservice.rate_limit.refusals</c> ({request}): tag <c>http.route</c>.</item>
/// </list>
/// A refusal tags the open span with <c>certauth.error_code</c> and marks it as an error; error pages show the trace id.
/// </summary>
public sealed class TokenServiceMetrics : IDisposable
{
    /// <summary>Name of the ActivitySource and of the Meter.</summary>
    public const string Name = "CertAuth.Federation.TokenService";

    /// <summary>Tag with the stable error code.</summary>
    public const string ErrorCodeTag = "certauth.error_code";

    /// <summary>Tag with the OAuth grant type.</summary>
    public const string GrantTypeTag = "oauth.grant_type";

    /// <summary>Spans of the token service's steps.</summary>
    public static readonly ActivitySource Source = new(Name);

    private readonly Meter _meter;
    private readonly Counter<long> _tokensIssued;
    private readonly Counter<long> _acsResults;
    private readonly Counter<long> _refreshRedemptions;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _rateLimitRefusals;

    /// <summary>Creates the meter.</summary>
    public TokenServiceMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(Name);
        _tokensIssued = _meter.CreateCounter<long>("certauth.tokenservice.tokens_issued", "{token}", "Token responses issued, by protocol and grant type.");
        _acsResults = _meter.CreateCounter<long>("certauth.tokenservice.acs_results", "{response}", "SAML responses at the ACS, by result code.");
        _refreshRedemptions = _meter.CreateCounter<long>("certauth.tokenservice.refresh_redemptions", "{redemption}", "Refresh token redemptions, by result code.");
        _refused = _meter.CreateCounter<long>("certauth.tokenservice.token_requests_refused", "{request}", "Token requests refused, by grant type and error code.");
        _rateLimitRefusals = _meter.CreateCounter<long>("certauth.tokenservice.rate_limit.refusals", "{request}", "Requests refused by the rate limiter (CAT90055).");
    }

    /// <summary>Tags a span (and its parents up to the request's) with a refusal's code.</summary>
    public static void MarkRefused(Activity? span, TokenError error)
    {
        for (var current = span; current is not null; current = current.Parent)
        {
            current.SetTag(ErrorCodeTag, error.DisplayCode);
            current.SetStatus(ActivityStatusCode.Error, error.DisplayCode);
        }
    }

    internal void TokenIssued(string grantType)
    {
        _tokensIssued.Add(1, new KeyValuePair<string, object?>("certauth.protocol", "oauth2"), new KeyValuePair<string, object?>(GrantTypeTag, grantType));
        if (grantType == OAuth.GrantTypes.RefreshToken)
        {
            _refreshRedemptions.Add(1, new KeyValuePair<string, object?>(ErrorCodeTag, "success"));
        }
    }

    internal void TokenRequestRefused(string? grantType, TokenError error)
    {
        _refused.Add(1, new KeyValuePair<string, object?>(GrantTypeTag, grantType ?? string.Empty), new KeyValuePair<string, object?>(ErrorCodeTag, error.DisplayCode));
        if (grantType == OAuth.GrantTypes.RefreshToken)
        {
            _refreshRedemptions.Add(1, new KeyValuePair<string, object?>(ErrorCodeTag, error.DisplayCode));
        }
    }

    internal void AcsResult(string code) => _acsResults.Add(1, new KeyValuePair<string, object?>(ErrorCodeTag, code));

    internal void RateLimited(string path) => _rateLimitRefusals.Add(1, new KeyValuePair<string, object?>("http.route", path));

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
