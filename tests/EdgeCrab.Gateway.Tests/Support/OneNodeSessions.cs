using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using EdgeCrab.Gateway.Cluster;
using EdgeCrab.Gateway.Persistence;
using EdgeCrab.Gateway.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EdgeCrab.Gateway.Tests.Support;

/// <summary>
/// The gateway's sessions as production runs them on one node: a cluster of one on loopback, the sharded sessions and
/// the PendingWork singleton wired by the same hosting extensions, over a journal given as HOCON. Stop it gracefully
/// (as Ctrl-C does: shards hand off, turns persist as interrupted) or crash it (the actor system just goes away).
/// </summary>
internal sealed class OneNodeSessions : IAsyncDisposable
{
    private readonly IHost _host;

    private OneNodeSessions(IHost host)
    {
        _host = host;
        System = host.Services.GetRequiredService<ActorSystem>();
        Sessions = host.Services.GetRequiredService<IActorRegistry>().Get<SessionsKey>();
    }

    public ActorSystem System { get; }
    public IActorRef Sessions { get; }

    /// <summary>Quick restarts after a journal failure, so fault specs take seconds.</summary>
    public static readonly JournalBackoff FastBackoff = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));

    /// <summary>Over a SQLite file, connected as the gateway connects it (<see cref="SqliteDataOptionsHosting"/>).</summary>
    public static Task<OneNodeSessions> StartAsync(SqliteJournal journal, SessionDependencies deps, Action<AkkaConfigurationBuilder>? extra = null) =>
        StartAsync(journal.Config, deps, akka =>
        {
            akka.AddSqliteDataOptions(journal.Backend);
            extra?.Invoke(akka);
        });

    public static async Task<OneNodeSessions> StartAsync(Config journal, SessionDependencies deps, Action<AkkaConfigurationBuilder>? extra = null)
    {
        // A crash must really be a crash: terminating the actor system skips every shutdown step.
        var config = ConfigurationFactory.ParseString("akka.coordinated-shutdown.run-by-actor-system-terminate = off")
            .WithFallback(journal)
            .WithFallback(GatewayHocon.File("gateway.conf"))
            .WithFallback(GatewayHocon.File("cluster.conf"));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddAkka(GatewayClusterHosting.SystemName, akka =>
        {
            akka.AddHocon(config, HoconAddMode.Prepend)
                .AddGatewayCluster("127.0.0.1", 0, [])
                .AddConversationSessions(deps with { Restarts = new SessionRestarts(FastBackoff) });
            extra?.Invoke(akka);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new OneNodeSessions(host);
    }

    public Task<int> LiveSessionsAsync() => LiveSessions.CountAsync(Sessions, TimeSpan.FromSeconds(10));

    /// <summary>Stops one conversation's live session the way its shard does on passivation; its next message recovers it.</summary>
    public async Task StopSessionAsync(string conversationId)
    {
        var before = await LiveSessionsAsync();
        var entity = await System.ActorSelection($"/system/sharding/conversation/*/{Uri.EscapeDataString(conversationId)}").ResolveOne(TimeSpan.FromSeconds(5));
        entity.Tell(PoisonPill.Instance);
        await Eventually.Get(LiveSessionsAsync, live => live < before, "the session stopped");
    }

    /// <summary>Ctrl-C: coordinated shutdown hands every shard off, so running turns are persisted as interrupted.</summary>
    public async Task StopAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    /// <summary>A killed process: no shutdown step at all.</summary>
    public async Task CrashAsync()
    {
        await System.Terminate();
        _host.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (!System.WhenTerminated.IsCompleted) await CrashAsync();
    }
}
