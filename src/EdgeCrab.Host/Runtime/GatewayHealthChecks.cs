using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using EdgeCrab.Gateway;
using EdgeCrab.Gateway.Connection;
using EdgeCrab.Gateway.Persistence;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EdgeCrab.Host.Runtime;

/// <summary>
/// The node's health checks, run by ASP.NET Core's health-check service. <c>/healthz</c> (liveness, tag
/// <see cref="Live"/>): the actor system runs; a journal that does not answer makes it <c>Degraded</c> but still 200,
/// since a restart would not bring the database back and the gateway waits it out. <c>/readyz</c> (tag
/// <see cref="Ready"/>): an Up cluster member, a connected DingTalk stream, a journal that answers; anything less is 503.
/// </summary>
internal static class GatewayHealthChecks
{
    public const string Live = "live";
    public const string Ready = "ready";

    /// <summary>How long one check may wait for an actor's answer: a probe must never hang on a busy actor.</summary>
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(2);

    public static AkkaConfigurationBuilder AddGatewayHealthChecks(this AkkaConfigurationBuilder akka) => akka
        .WithActorSystemLivenessCheck(tags: [Live])
        .WithAkkaClusterReadinessCheck(tags: [Ready])
        .WithHealthCheck("journal", JournalAsync, HealthStatus.Degraded, [Live, Ready])
        .WithHealthCheck("dingtalk.stream", StreamAsync, HealthStatus.Unhealthy, [Ready]);

    private static async Task<HealthCheckResult> JournalAsync(ActorSystem system, ActorRegistry registry, CancellationToken ct)
    {
        if (!registry.TryGet<JournalProbeKey>(out var probe)) return HealthCheckResult.Degraded("the journal probe is not running");
        try
        {
            var status = await probe.Ask<JournalProbeProtocol.JournalStatus>(JournalProbeProtocol.GetJournalStatus.Instance, AskTimeout, ct).ConfigureAwait(false);
            return status.Answering
                ? HealthCheckResult.Healthy("the journal answers")
                : HealthCheckResult.Degraded($"the journal has not answered since {status.Since:u}: {status.LastFailure}");
        }
        catch (AskTimeoutException)
        {
            return HealthCheckResult.Degraded("the journal probe did not answer");
        }
    }

    private static async Task<HealthCheckResult> StreamAsync(ActorSystem system, ActorRegistry registry, CancellationToken ct)
    {
        if (!registry.TryGet<DingTalkConnectionKey>(out var connection)) return HealthCheckResult.Unhealthy("no DingTalk stream connection actor");
        try
        {
            var status = await connection.Ask<DingTalkConnectionProtocol.ConnectionStatusReply>(DingTalkConnectionProtocol.ConnectionStatus.Instance, AskTimeout, ct)
                .ConfigureAwait(false);
            return status.Up
                ? HealthCheckResult.Healthy($"connected ({status.Connects} connect(s) so far)")
                : HealthCheckResult.Unhealthy("the DingTalk stream connection is down; reconnecting");
        }
        catch (AskTimeoutException)
        {
            // In singleton mode the connection may be starting on another node.
            return HealthCheckResult.Unhealthy("the DingTalk stream connection did not answer");
        }
    }
}
