using System.Diagnostics;
using System.Globalization;
using System.Text;
using Akka.Actor;
using Akka.Hosting;
using EdgeCrab.Gateway;
using EdgeCrab.Gateway.Agent;
using EdgeCrab.Gateway.Cluster;
using EdgeCrab.Gateway.Connection;
using EdgeCrab.Gateway.Persistence;
using EdgeCrab.Gateway.Sessions;
using EdgeCrab.Host.Settings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EdgeCrab.Host.Runtime;

/// <summary>
/// <c>EDGECRAB_HTTP_PORT</c>: <c>/healthz</c> (is the actor system up, is this node a cluster member),
/// <c>/metrics</c> (Prometheus text) and <c>/cluster</c> (what <c>edgecrab cluster status</c> prints).
/// Listens on the cluster host, else on loopback only.
/// </summary>
internal sealed class OperationsEndpoint(int port, GatewaySettings settings, IServiceProvider services) : IHostedService
{
    private WebApplication? _app;

    /// <summary>Where it listens, once started (port 0 picks a free one).</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        (_app, Address) = await SmallWebServer.StartAsync(settings.NodeHost, port, app =>
        {
            app.MapGet("/healthz", Health);
            app.MapGet("/metrics", Metrics);
            app.MapGet("/cluster", Cluster);
        }, cancellationToken).ConfigureAwait(false);
    }

    private ActorSystem System => services.GetRequiredService<ActorSystem>();

    /// <summary>
    /// 503 while the node is not (yet) an Up member; a journal that does not answer is reported as "degraded" with 200,
    /// because restarting the process would not bring the database back, and the gateway waits it out by itself.
    /// </summary>
    private async Task<IResult> Health()
    {
        var system = System;
        if (system.WhenTerminated.IsCompleted) return Results.Json(new { status = "stopped" }, statusCode: 503);
        var mode = settings.IsClustered ? "cluster" : "single-node";
        var self = Akka.Cluster.Cluster.Get(system).SelfMember;
        var up = self.Status == Akka.Cluster.MemberStatus.Up;
        var journal = services.GetRequiredService<IActorRegistry>().TryGet<JournalProbeKey>(out var probe)
            && await Ask<JournalProbeProtocol.JournalStatus>(probe, JournalProbeProtocol.GetJournalStatus.Instance) is (true, var status)
                ? status.Answering ? "answering" : $"not answering since {status.Since:u}: {status.LastFailure}"
                : "unknown";
        var healthy = journal == "answering";
        return Results.Json(new { status = !up ? "joining" : healthy ? "ok" : "degraded", mode, member = self.Status.ToString(), journal },
            statusCode: up ? 200 : 503);
    }

    private async Task<IResult> Metrics()
    {
        var registry = services.GetRequiredService<IActorRegistry>();
        var text = new StringBuilder();
        void Gauge(string name, string help, double value) => text
            .Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(" gauge\n")
            .Append(name).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');

        if (registry.TryGet<SessionsKey>(out var region)
            && await Ask<int>(() => LiveSessions.CountAsync(region, TimeSpan.FromSeconds(2))) is (true, var live))
            Gauge("edgecrab_sessions_live", "Conversation sessions live on this node.", live);
        if (registry.TryGet<JournalProbeKey>(out var probe)
            && await Ask<JournalProbeProtocol.JournalStatus>(probe, JournalProbeProtocol.GetJournalStatus.Instance) is (true, var journal))
            Gauge("edgecrab_journal_answering", "1 when the journal answered its last probe, else 0.", journal.Answering ? 1 : 0);
        if (registry.TryGet<DingTalkConnectionKey>(out var connection)
            && await Ask<DingTalkConnectionProtocol.ConnectionStatusReply>(connection, DingTalkConnectionProtocol.ConnectionStatus.Instance) is (true, var status))
            Gauge("edgecrab_stream_connects", "Times this node's DingTalk stream connection came up.", status.Connects);
        if (services.GetService<AgentSlots>() is { } slots)
        {
            Gauge("edgecrab_agent_turns_running", "Turns whose agent request is in flight on this node (at most EDGECRAB_MAX_CONCURRENT_TURNS).", slots.Running);
            Gauge("edgecrab_agent_turns_waiting", "Turns queued on this node for a free agent slot.", slots.Waiting);
        }
        if (services.GetService<CallbackSlots>() is { } inFlight)
        {
            Gauge("edgecrab_callbacks_in_flight", "Robot callbacks taken in and not yet acked, refused or given up on (stream and HTTP).", inFlight.InUse);
            Gauge("edgecrab_callbacks_in_flight_limit", "EDGECRAB_MAX_CALLBACKS_IN_FLIGHT: past it the stream stops reading and HTTP callbacks get 503.", inFlight.Limit);
        }
        using var process = Process.GetCurrentProcess();
        Gauge("process_working_set_bytes", "Working set of the gateway process.", process.WorkingSet64);
        Gauge("dotnet_gc_heap_bytes", "Bytes in the managed heap.", GC.GetTotalMemory(false));
        return Results.Text(text.ToString(), "text/plain; version=0.0.4");
    }

    private async Task<IResult> Cluster()
    {
        if (!settings.IsClustered)
            return Results.Json(new { mode = "single-node" });
        var region = services.GetRequiredService<IActorRegistry>().Get<SessionsKey>();
        var report = await ClusterStatusReport.GatherAsync(System, region, settings.StreamOwner == StreamOwner.Singleton).ConfigureAwait(false);
        return Results.Json(report);
    }

    /// <summary>An answer within two seconds, or none: a metrics scrape must not hang on a busy actor.</summary>
    private static Task<(bool Ok, T Value)> Ask<T>(IActorRef actor, object message) => Ask(() => actor.Ask<T>(message, TimeSpan.FromSeconds(2)));

    private static async Task<(bool Ok, T Value)> Ask<T>(Func<Task<T>> ask)
    {
        try
        {
            return (true, await ask().ConfigureAwait(false));
        }
        catch (AskTimeoutException)
        {
            return (false, default!);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null) await _app.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>Registers the operations endpoint with the gateway's host.</summary>
internal static class OperationsEndpointHosting
{
    public static IServiceCollection AddOperationsEndpoint(this IServiceCollection services, int port, GatewaySettings settings)
    {
        services.AddSingleton(sp => new OperationsEndpoint(port, settings, sp));
        services.AddHostedService(sp => sp.GetRequiredService<OperationsEndpoint>());
        return services;
    }
}
