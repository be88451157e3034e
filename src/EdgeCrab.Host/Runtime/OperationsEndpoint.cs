using System.Text.Json;
using Akka.Actor;
using Akka.Hosting;
using EdgeCrab.Gateway;
using EdgeCrab.Gateway.Cluster;
using EdgeCrab.Host.Settings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EdgeCrab.Host.Runtime;

/// <summary>
/// <c>EDGECRAB_HTTP_PORT</c>: <c>/healthz</c> (liveness), <c>/readyz</c> (readiness), <c>/metrics</c> (OpenTelemetry's
/// Prometheus exporter) and <c>/cluster</c> (what <c>edgecrab cluster status</c> prints); <see cref="GatewayListeners"/>
/// keeps them to the operations port.
/// </summary>
internal static class OperationsEndpoint
{
    public static WebApplication MapOperationsEndpoint(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", Options(GatewayHealthChecks.Live, degradedIsReady: true));
        app.MapHealthChecks("/readyz", Options(GatewayHealthChecks.Ready, degradedIsReady: false));
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapGet("/cluster", Cluster);
        return app;
    }

    private static HealthCheckOptions Options(string tag, bool degradedIsReady) => new()
    {
        Predicate = check => check.Tags.Contains(tag),
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = degradedIsReady ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
        ResponseWriter = WriteReportAsync,
    };

    /// <summary>The overall status and each check's, with its reason: what a person reading the probe needs.</summary>
    private static Task WriteReportAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString().ToLowerInvariant(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString().ToLowerInvariant(), description = e.Value.Description }),
        }, cancellationToken: context.RequestAborted);
    }

    private static async Task<IResult> Cluster(GatewaySettings settings, ActorSystem system, IRequiredActor<SessionsKey> sessions)
    {
        if (!settings.IsClustered)
            return Results.Json(new { mode = "single-node" });
        var region = await sessions.GetAsync().ConfigureAwait(false);
        var report = await ClusterStatusReport.GatherAsync(system, region, settings.StreamOwner == StreamOwner.Singleton).ConfigureAwait(false);
        return Results.Json(report);
    }
}
