using EdgeCrab.Gateway.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace EdgeCrab.Host.Runtime;

/// <summary>
/// Metrics and traces through OpenTelemetry: the gateway's own meter and activity source, ASP.NET Core's and the
/// runtime's. Metrics are scraped at <c>/metrics</c> (Prometheus); both go to an OTLP collector as well when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the exporter reads that and its sibling variables itself).
/// </summary>
internal static class GatewayTelemetryHosting
{
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <param name="configureTracing">More trace setup (tests add an in-memory exporter).</param>
    public static IServiceCollection AddGatewayTelemetry(this IServiceCollection services, string serviceInstance, Action<TracerProviderBuilder>? configureTracing = null)
    {
        var otlp = !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(OtlpEndpointVariable));
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("edgecrab", serviceInstanceId: serviceInstance))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(GatewayTelemetry.Name)
                    .AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddPrometheusExporter();
                if (otlp) metrics.AddOtlpExporter();
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(GatewayTelemetry.Name)
                    .AddAspNetCoreInstrumentation();
                if (otlp) tracing.AddOtlpExporter();
                configureTracing?.Invoke(tracing);
            });
        return services;
    }
}
