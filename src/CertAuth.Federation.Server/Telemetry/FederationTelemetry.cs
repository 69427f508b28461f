using System.Diagnostics;
using System.Diagnostics.Metrics;
using CertAuth.Federation.Server.Errors;

namespace CertAuth.Federation.Server.Telemetry;

/// <summary>
/// The federation server's telemetry (issue #15): the <c>CertAuth.Federation.Server</c> ActivitySource and Meter.
/// Spans: <c>certauth.signin.request_validation</c>, <c>certauth.signin.certificate_validation</c> (with the
/// certificate library's <c>certauth.crl_check</c> below it), <c>certauth.signin.user_mapping</c>,
/// <c>certauth.signin.token_signing</c>. A refusal tags the request's span and the open step's span with
/// <c>certauth.error_code</c> (CAFnnnn) and marks it as an error. The correlation id on error pages is the trace id.
/// </summary>
public static class FederationTelemetry
{
    /// <summary>Name of the ActivitySource and of the Meter.</summary>
    public const string Name = "CertAuth.Federation.Server";

    /// <summary>Tag with the stable error code (CAFnnnn).</summary>
    public const string ErrorCodeTag = "certauth.error_code";

    /// <summary>Tag with the relying party's entity id.</summary>
    public const string RelyingPartyTag = "certauth.relying_party";

    /// <summary>Spans of the sign-in steps.</summary>
    public static readonly ActivitySource Source = new(Name);

    /// <summary>Marks the current span and its parents (up to the request's span) as refused with the error's code.</summary>
    public static void MarkRefused(SignInError error)
    {
        for (var span = Activity.Current; span is not null; span = span.Parent)
        {
            span.SetTag(ErrorCodeTag, error.DisplayCode);
            if (error.RelyingParty is not null)
            {
                span.SetTag(RelyingPartyTag, error.RelyingParty);
            }

            span.SetStatus(ActivityStatusCode.Error, error.DisplayCode);
        }
    }
}

/// <summary>
/// Counters of the <c>CertAuth.Federation.Server</c> meter (one meter per host, from <see cref="IMeterFactory"/>):
/// <list type="bullet">
/// <item><c>certauth.federation.signins</c> ({sign-in}): tags <c>certauth.outcome</c> (success, refused,
/// saml_error), <c>certauth.error_code</c> (CAFnnnn, or the SAML status for saml_error, empty on success) and
/// <c>certauth.relying_party</c> (empty when the request named none that is trusted).</item>
/// <item><c>certauth.federation.tokens_issued</c> ({token}): tags <c>certauth.protocol</c> (saml2) and
/// <c>certauth.relying_party</c>.</item>
/// <item><c>certauth.federation.rate_limit.refusals</c> ({request}): tag <c>http.route</c> (the request path).</item>
/// </list>
/// </summary>
public sealed class FederationMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly Counter<long> _signIns;
    private readonly Counter<long> _tokensIssued;
    private readonly Counter<long> _rateLimitRefusals;

    /// <summary>Creates the meter.</summary>
    public FederationMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(FederationTelemetry.Name);
        _signIns = _meter.CreateCounter<long>("certauth.federation.signins", "{sign-in}", "Sign-in outcomes by outcome, error code and relying party.");
        _tokensIssued = _meter.CreateCounter<long>("certauth.federation.tokens_issued", "{token}", "Tokens issued by protocol and relying party.");
        _rateLimitRefusals = _meter.CreateCounter<long>("certauth.federation.rate_limit.refusals", "{request}", "Requests refused by the rate limiter (CAF1301).");
    }

    /// <summary>A refused sign-in (an error page).</summary>
    public void SignInRefused(SignInError error) => _signIns.Add(1,
        new KeyValuePair<string, object?>("certauth.outcome", "refused"),
        new KeyValuePair<string, object?>(FederationTelemetry.ErrorCodeTag, error.DisplayCode),
        new KeyValuePair<string, object?>(FederationTelemetry.RelyingPartyTag, error.RelyingParty ?? string.Empty));

    /// <summary>A SAML error Response sent to the relying party's ACS.</summary>
    public void SamlErrorResponse(string relyingParty, string status) => _signIns.Add(1,
        new KeyValuePair<string, object?>("certauth.outcome", "saml_error"),
        new KeyValuePair<string, object?>(FederationTelemetry.ErrorCodeTag, status),
        new KeyValuePair<string, object?>(FederationTelemetry.RelyingPartyTag, relyingParty));

    /// <summary>A successful sign-in: a token issued to the relying party.</summary>
    public void TokenIssued(string relyingParty, string protocol)
    {
        _signIns.Add(1,
            new KeyValuePair<string, object?>("certauth.outcome", "success"),
            new KeyValuePair<string, object?>(FederationTelemetry.ErrorCodeTag, string.Empty),
            new KeyValuePair<string, object?>(FederationTelemetry.RelyingPartyTag, relyingParty));
        _tokensIssued.Add(1,
            new KeyValuePair<string, object?>("certauth.protocol", protocol),
            new KeyValuePair<string, object?>(FederationTelemetry.RelyingPartyTag, relyingParty));
    }

    /// <summary>A request refused by the rate limiter.</summary>
    public void RateLimited(string path) => _rateLimitRefusals.Add(1, new KeyValuePair<string, object?>("http.route", path));

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
