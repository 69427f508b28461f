using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Server.Telemetry;
using CertAuth.Federation.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CertAuth.Federation.Server.Tests.Telemetry;

/// <summary>The real server with OpenTelemetry's in-memory exporters added, and a relying party of its own.</summary>
public sealed class TelemetryServerHarness : FederationServerHarness
{
    /// <summary>Only this class's server uses this relying party, so counts with its tag are this server's.</summary>
    public const string TelemetryRelyingPartyId = "urn:test:telemetry-rp";

    public List<Metric> Metrics { get; } = [];

    public List<Activity> Spans { get; } = [];

    protected override void Configure(Dictionary<string, string?> settings) =>
        settings["Federation:RelyingParties:0:EntityId"] = TelemetryRelyingPartyId;

    /// <summary>Every log entry at Information or above (the default minimum level).</summary>
    public ConcurrentQueue<(string Category, int EventId, LogLevel Level, string Message)> Logs { get; } = new();

    protected override void ConfigureBuilder(WebApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry()
            .WithMetrics(m => m.AddInMemoryExporter(Metrics))
            .WithTracing(t => t.AddInMemoryExporter(Spans));
        builder.Logging.AddProvider(new CapturingLoggerProvider(Logs));
    }

    /// <summary>
    /// One collector per counter, scoped to this host's <see cref="IMeterFactory"/>: other test classes' servers in the
    /// same process create meters of the same name, and OpenTelemetry's MeterProvider listens by name, so a second
    /// server's meter being disposed could end the shared metric stream mid-test (a flaky zero). The collector sees only
    /// this host's instruments, from the moment it is first asked for.
    /// </summary>
    private readonly ConcurrentDictionary<string, MetricCollector<long>> _counters = new();

    public override async Task DisposeAsync()
    {
        foreach (var collector in _counters.Values)
        {
            collector.Dispose();
        }

        await base.DisposeAsync();
    }

    /// <summary>Sum of a counter's measurements (since its first use here) whose tags include all of <paramref name="tags"/>.</summary>
    public long Count(string instrument, params (string Key, string Value)[] tags)
    {
        var collector = _counters.GetOrAdd(instrument, name =>
            new MetricCollector<long>(Services.GetRequiredService<IMeterFactory>(), FederationTelemetry.Name, name));
        return collector.GetMeasurementSnapshot()
            .Where(m => tags.All(t => m.Tags.TryGetValue(t.Key, out var v) && Equals(v, t.Value)))
            .Sum(m => m.Value);
    }

    /// <summary>The value each CA (tag certauth.ca) reports now for an observable gauge of this host.</summary>
    public Dictionary<string, double> Gauge(string instrument)
    {
        using var collector = new MetricCollector<double>(Services.GetRequiredService<IMeterFactory>(), Certificates.Telemetry.CertificateTelemetry.Name, instrument);
        collector.RecordObservableInstruments();
        var values = new Dictionary<string, double>();
        foreach (var measurement in collector.GetMeasurementSnapshot())
        {
            if (measurement.Tags.TryGetValue("certauth.ca", out var ca) && ca is string id)
            {
                values[id] = measurement.Value;
            }
        }

        return values;
    }

    /// <summary>Names of every metric OpenTelemetry's pipeline (the product's set-up) has exported from this host.</summary>
    public HashSet<string> ExportedMetricNames()
    {
        Services.GetRequiredService<MeterProvider>().ForceFlush();
        lock (Metrics)
        {
            return [.. Metrics.Select(m => m.Name)];
        }
    }

    /// <summary>Names of every exported span; the exporter appends while requests end, so the copy retries.</summary>
    public HashSet<string> SpanNames()
    {
        Services.GetRequiredService<TracerProvider>().ForceFlush();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return [.. Spans.ToArray().Select(s => s.OperationName)];
            }
            catch (ArgumentException) when (attempt < 10)
            {
            }
            catch (InvalidOperationException) when (attempt < 10)
            {
            }
        }
    }

    public List<Activity> SpansOf(string traceId)
    {
        Services.GetRequiredService<TracerProvider>().ForceFlush();
        lock (Spans)
        {
            return [.. Spans.ToArray().Where(s => s.TraceId.ToString() == traceId)];
        }
    }
}

/// <summary>Captures log entries for assertions.</summary>
public sealed class CapturingLoggerProvider(ConcurrentQueue<(string Category, int EventId, LogLevel Level, string Message)> entries) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<(string, int, LogLevel, string)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue((category, eventId.Id, logLevel, formatter(state, exception)));
    }
}

/// <summary>
/// Issue #15: a refused sign-in over the real TLS listener increments <c>certauth.federation.signins</c> with its code
/// and relying party and produces spans tagged with the code, in the trace whose id the error page shows.
/// </summary>
public sealed class TelemetryTests(TelemetryServerHarness server) : IClassFixture<TelemetryServerHarness>
{
    private string IdpInitiatedUrl => new Uri(server.PublicUrl, "/adfs/ls/idpinitiatedsignon?loginToRp=" + Uri.EscapeDataString(TelemetryServerHarness.TelemetryRelyingPartyId)).AbsoluteUri;

    [Theory]
    [InlineData("mallory", "CAF1002")]
    [InlineData("carol", "CAF1005")]
    public async Task RefusedSignIn_CountsItsCode_AndItsSpansCarryTheCode_InTheTraceThePageShows(string who, string code)
    {
        var certificate = who == "carol" ? server.Pki.Carol : server.Pki.Mallory;
        var before = server.Count("certauth.federation.signins", ("certauth.outcome", "refused"), ("certauth.error_code", code), ("certauth.relying_party", TelemetryServerHarness.TelemetryRelyingPartyId));

        var page = await SignInAsync(certificate);

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Equal(code, page.ErrorCode);
        var after = server.Count("certauth.federation.signins", ("certauth.outcome", "refused"), ("certauth.error_code", code), ("certauth.relying_party", TelemetryServerHarness.TelemetryRelyingPartyId));
        Assert.Equal(before + 1, after);

        // The correlation id on the page is the W3C trace id of the request: its spans are found by it.
        var spans = server.SpansOf(page.CorrelationId!);
        var validation = Assert.Single(spans, s => s.OperationName == "certauth.signin.certificate_validation");
        Assert.Equal(code, validation.GetTagItem(FederationTelemetry.ErrorCodeTag));
        Assert.Equal(ActivityStatusCode.Error, validation.Status);
        if (who == "carol")
        {
            Assert.Contains(spans, s => s.OperationName == "certauth.crl_check" && (string?)s.GetTagItem("certauth.revocation.status") == "Revoked");
        }
    }

    [Theory]
    [InlineData("mallory", "CAF1002")]
    [InlineData("carol", "CAF1005")]
    public async Task RefusedSignIn_IsLoggedOnce_WithItsCodeAndTheCorrelationId(string who, string code)
    {
        var page = await SignInAsync(who == "carol" ? server.Pki.Carol : server.Pki.Mallory);

        Assert.Equal(code, page.ErrorCode);
        var warnings = server.Logs.Where(e => e.Level >= LogLevel.Warning && e.Message.Contains(page.CorrelationId!, StringComparison.Ordinal)).ToList();
        var refusal = Assert.Single(warnings);
        Assert.Equal(1000, refusal.EventId);
        Assert.Contains(code, refusal.Message, StringComparison.Ordinal);

        // No second line about the same certificate (the library's rejection is Debug now).
        var serial = (who == "carol" ? server.Pki.Carol : server.Pki.Mallory).SerialNumber;
        Assert.DoesNotContain(server.Logs, e => e.Level >= LogLevel.Information && e.Message.Contains(serial, StringComparison.Ordinal) && e.EventId != 1000);
    }

    [Fact]
    public void JsonConsoleLogging_IsNotOnByDefault()
    {
        var console = server.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>>().CurrentValue;
        Assert.NotEqual(Microsoft.Extensions.Logging.Console.ConsoleFormatterNames.Json, console.FormatterName);
    }

    [Fact]
    public void JsonConsoleLogging_IsSelectedByLoggingFormat()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:Format"] = "json" }).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => Web.Telemetry.TelemetrySetup.AddCertAuthConsoleFormat(logging, configuration));
        using var provider = services.BuildServiceProvider();

        var console = provider.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>>().CurrentValue;
        Assert.Equal(Microsoft.Extensions.Logging.Console.ConsoleFormatterNames.Json, console.FormatterName);
    }

    [Fact]
    public async Task SuccessfulSignIn_CountsATokenIssued_AndEveryStepHasASpan()
    {
        var before = server.Count("certauth.federation.tokens_issued", ("certauth.protocol", "saml2"), ("certauth.relying_party", TelemetryServerHarness.TelemetryRelyingPartyId));

        var page = await SignInAsync(server.Pki.Alice);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(before + 1, server.Count("certauth.federation.tokens_issued", ("certauth.protocol", "saml2"), ("certauth.relying_party", TelemetryServerHarness.TelemetryRelyingPartyId)));
        // The product's OpenTelemetry set-up exports the meter (what Prometheus and OTLP read).
        Assert.Contains("certauth.federation.tokens_issued", server.ExportedMetricNames());
        var names = server.SpanNames();
        Assert.Contains("certauth.signin.request_validation", names);
        Assert.Contains("certauth.signin.certificate_validation", names);
        Assert.Contains("certauth.crl_check", names);
        Assert.Contains("certauth.signin.user_mapping", names);
        Assert.Contains("certauth.signin.token_signing", names);
    }

    [Fact]
    public async Task CrlGauges_ReportEveryTrustedCasCrl()
    {
        var authorities = await server.Services.GetRequiredService<Certificates.Authorities.ITrustedAuthoritySource>().GetAuthoritiesAsync(CancellationToken.None);

        var age = server.Gauge("certauth.crl.age");
        var toNextUpdate = server.Gauge("certauth.crl.time_to_next_update");
        var entries = server.Gauge("certauth.crl.entries");

        Assert.Equal(2, authorities.Count);
        foreach (var authority in authorities)
        {
            Assert.True(age[authority.Id] >= 0, authority.Id);
            Assert.True(toNextUpdate[authority.Id] > 0, authority.Id);
        }

        // The issuing CA's CRL lists Carol; the root's lists nobody.
        Assert.Contains(entries, e => e.Value >= 1);
        Assert.Contains(entries, e => e.Value == 0);
    }

    private async Task<SignInPage> SignInAsync(X509Certificate2? certificate)
    {
        using var client = server.CreateClient(certificate);
        using var response = await server.FollowAsync(client, IdpInitiatedUrl);
        return await SignInPage.ReadAsync(response);
    }
}
