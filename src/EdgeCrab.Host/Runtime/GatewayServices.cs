using EdgeCrab.DingTalk.Replies;
using EdgeCrab.DingTalk.Rest;
using EdgeCrab.Gateway.Agent;
using EdgeCrab.Gateway.Cards;
using EdgeCrab.Gateway.Connection;
using EdgeCrab.Gateway.Hooks;
using EdgeCrab.Gateway.Outbox;
using EdgeCrab.Gateway.Persistence;
using EdgeCrab.Gateway.Sessions;
using EdgeCrab.Host.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeCrab.Host.Runtime;

/// <summary>The plain objects a node's actors share, made once from the settings: bounds, pace, inbound policy, session dependencies; and the idle memory trim.</summary>
internal static class GatewayServices
{
    public static IServiceCollection AddGatewayServices(this IServiceCollection services, GatewaySettings settings, ConnectionSettings? connection) => services
        .AddSingleton(settings)
        .AddSingleton(MemoryTrimPolicy.Default)
        .AddHostedService<IdleMemoryTrim>()
        .AddSingleton(new AgentSlots(settings.MaxConcurrentTurns))
        // One bound for the node's callbacks in flight, shared by the stream socket and the HTTP callback endpoint.
        .AddSingleton(new CallbackSlots(settings.MaxCallbacksInFlight))
        // DingTalk's budget is per app: in a cluster each node takes its share of it (SendPaceMembership).
        .AddSingleton(_ => new SendPace())
        .AddSingleton(sp => new InboundPolicy(settings.AllowedUsers, settings.MaxInboundChars, sp.GetRequiredService<DingTalkRestClient>().WebhookPolicy))
        .AddSingleton(sp => (connection ?? new ConnectionSettings()) with
        {
            AckTimeout = settings.AckTimeout,
            CardCallbacks = settings.CardTemplateId is not null,
            InFlight = sp.GetRequiredService<CallbackSlots>(),
        })
        // The hooks/ folder, watched: hooks added, changed or removed take effect without a restart.
        .AddSingleton(sp => new HookCatalog(settings.HooksDirectory, sp.GetRequiredService<ILoggerFactory>().CreateLogger<HookCatalog>()).Watch())
        .AddSingleton(sp => new SessionDependencies(
            new SessionOptions(settings.BusyMode, ReplyChunker.ForDingTalk)
            {
                Cards = settings.CardTemplateId is null ? null : CardOptions.Default with { UpdateInterval = settings.CardInterval },
                Admins = settings.AdminUsers,
            },
            AgentClients.Create(settings),
            new DingTalkReplySender(sp.GetRequiredService<DingTalkRestClient>(), sp.GetRequiredService<DingTalkTarget>().RobotCode, sp.GetRequiredService<SendPace>()),
            TimeProvider.System,
            settings.PassivateAfter,
            SessionDependencies.DefaultTurnTimeout,
            HistoryWindow.Default)
        {
            AgentSlots = sp.GetRequiredService<AgentSlots>(),
            Hooks = sp.GetRequiredService<HookCatalog>(),
            Persona = new Persona(settings.PersonaFile),
            // Alone, this node is its journal's only writer; in a cluster, each shard's node is the writer of its ids.
            Census = settings.IsClustered ? JournalCensus.ForSharedJournal() : JournalCensus.ForOnlyWriter(),
            Files = new DingTalkAttachmentSource(sp.GetRequiredService<DingTalkRestClient>(), sp.GetRequiredService<DingTalkTarget>().RobotCode),
            Cards = settings.CardTemplateId is { } template
                ? new DingTalkCardWriter(sp.GetRequiredService<DingTalkRestClient>(), sp.GetRequiredService<DingTalkTarget>().RobotCode, template, sp.GetRequiredService<SendPace>())
                : null,
        });
}
