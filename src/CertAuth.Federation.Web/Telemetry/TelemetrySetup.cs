using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CertAuth.Federation.Web.Telemetry;

/// <summary>
/// OpenTelemetry for one role (issue #15): its own <c>Meter</c>s and <c>ActivitySource</c>s, ASP.NET Core and
/// HttpClient instrumentation. Nothing leaves the process unless configured: the OTLP exporter is added only when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (or <c>Telemetry:OtlpEndpoint</c>) is set, and the Prometheus scraping endpoint
/// only when <c>Telemetry:Prometheus:Enabled</c> is true. The standard <c>OTEL_*</c> variables (service name, headers,
/// protocol) apply as the OpenTelemetry SDK reads them.
/// </summary>
public static class TelemetrySetup
{
    /// <summary>Configuration section of the telemetry settings.</summary>
    public const string SectionName = "Telemetry";

    /// <summary>Default path of the Prometheus scraping endpoint when it is enabled.</summary>
    public const string DefaultPrometheusPath = "/metrics";

    /// <summary>Registers OpenTelemetry tracing and metrics for a role, with its own sources and meters.</summary>
    public static IServiceCollection AddCertAuthTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName, string[] activitySources, string[] meters)
    {
        var section = configuration.GetSection(SectionName);
        var otlpEndpoint = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] ?? section["OtlpEndpoint"];
        var prometheus = section.GetValue("Prometheus:Enabled", false);
        var builder = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? serviceName))
            .WithTracing(tracing =>
            {
                tracing.AddSource(activitySources).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (!string.IsNullOrWhiteSpace(otlpEndpoint))
                {
                    tracing.AddOtlpExporter(o => o.Endpoint = new Uri(otlpEndpoint));
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(meters).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (!string.IsNullOrWhiteSpace(otlpEndpoint))
                {
                    metrics.AddOtlpExporter(o => o.Endpoint = new Uri(otlpEndpoint));
                }

                if (prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        _ = builder;
        return services;
    }

    /// <summary>Configuration key choosing the console log format: <c>simple</c> (default) or <c>json</c>.</summary>
    public const string LogFormatKey = "Logging:Format";

    /// <summary>
    /// Structured JSON console logging (one JSON object a line, UTC ISO 8601 timestamps, scopes included) when
    /// <c>Logging:Format</c> is <c>json</c>; otherwise the console logger is left as configured.
    /// </summary>
    public static ILoggingBuilder AddCertAuthConsoleFormat(this ILoggingBuilder logging, IConfiguration configuration)
    {
        if (string.Equals(configuration[LogFormatKey], "json", StringComparison.OrdinalIgnoreCase))
        {
            logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            });
        }

        return logging;
    }

    /// <summary>Maps the Prometheus scraping endpoint when <c>Telemetry:Prometheus:Enabled</c> is true.</summary>
    public static WebApplication MapCertAuthTelemetry(this WebApplication app)
    {
        var section = app.Configuration.GetSection(SectionName);
        if (section.GetValue("Prometheus:Enabled", false))
        {
            app.MapPrometheusScrapingEndpoint(section["Prometheus:Path"] ?? DefaultPrometheusPath);
        }

        return app;
    }
}
