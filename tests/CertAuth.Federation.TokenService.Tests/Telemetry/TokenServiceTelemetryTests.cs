using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using CertAuth.Federation.TokenService.Telemetry;
using CertAuth.Federation.TokenService.Tests.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.TokenService.Tests.Telemetry;

/// <summary>
/// Issue #15: the token service's meter counts ACS results, tokens issued and refresh redemptions by their code, and
/// its grant span carries a refusal's code. Real TLS server; the measurements are read with a MeterListener limited to
/// this host's meters (IMeterFactory scope), so parallel tests do not mix in.
/// </summary>
public sealed class TokenServiceTelemetryTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string Instrument, long Value, Dictionary<string, object?> Tags)> _measurements = new();
    private readonly ConcurrentQueue<Activity> _spans = new();
    private TokenServiceHost _host = null!;
    private MeterListener _listener = null!;
    private ActivityListener _activities = null!;

    public async Task InitializeAsync()
    {
        _host = await TokenServiceHost.StartAsync();

        // Every sign-in names a certificate, so its CA must be configured for refresh; no CRL: not checked.
        await _host.TrustIssuingCaAsync(crl: null);
        var scope = _host.Services.GetRequiredService<IMeterFactory>();
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, scope) && instrument.Meter.Name == TokenServiceMetrics.Name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var copy = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            _measurements.Enqueue((instrument.Name, value, copy));
        });
        _listener.Start();
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TokenServiceMetrics.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_activities);
    }

    public async Task DisposeAsync()
    {
        _listener.Dispose();
        _activities.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task SignIn_Refresh_AndReuse_AreCountedWithTheirCodes_AndTheGrantSpanCarriesTheCode()
    {
        var first = (await _host.SignInAndRedeemAsync(null)).GetProperty("refresh_token").GetString()!;
        var (status, _) = await _host.RefreshAsync(first);
        Assert.Equal(HttpStatusCode.OK, status);

        OAuthFlow.AssertError(await _host.RefreshAsync(first), "invalid_grant", "CAT700085");

        Assert.Equal(1, Sum("certauth.tokenservice.acs_results", ("certauth.error_code", "success")));
        Assert.Equal(1, Sum("certauth.tokenservice.tokens_issued", ("oauth.grant_type", "authorization_code")));
        Assert.Equal(1, Sum("certauth.tokenservice.tokens_issued", ("oauth.grant_type", "refresh_token")));
        Assert.Equal(1, Sum("certauth.tokenservice.refresh_redemptions", ("certauth.error_code", "success")));
        Assert.Equal(1, Sum("certauth.tokenservice.refresh_redemptions", ("certauth.error_code", "CAT700085")));
        Assert.Equal(1, Sum("certauth.tokenservice.token_requests_refused", ("oauth.grant_type", "refresh_token"), ("certauth.error_code", "CAT700085")));

        Assert.Contains(_spans, s => s.OperationName == "certauth.token.grant"
            && (string?)s.GetTagItem("oauth.grant_type") == "refresh_token"
            && (string?)s.GetTagItem("certauth.error_code") == "CAT700085"
            && s.Status == ActivityStatusCode.Error);
        Assert.Contains(_spans, s => s.OperationName == "certauth.token.client_authentication");
        Assert.Contains(_spans, s => s.OperationName == "certauth.acs");
    }

    [Fact]
    public async Task RefusedAcsResponse_IsCountedWithItsCode()
    {
        using var response = await _host.PostAcsAsync("not-a-saml-response");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var refused = _measurements.Where(m => m.Instrument == "certauth.tokenservice.acs_results").ToList();
        var one = Assert.Single(refused);
        Assert.StartsWith("CAT", (string?)one.Tags["certauth.error_code"], StringComparison.Ordinal);
        Assert.Contains((string)one.Tags["certauth.error_code"]!, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private long Sum(string instrument, params (string Key, string Value)[] tags) =>
        _measurements.Where(m => m.Instrument == instrument && tags.All(t => m.Tags.TryGetValue(t.Key, out var v) && Equals(v, t.Value))).Sum(m => m.Value);
}
