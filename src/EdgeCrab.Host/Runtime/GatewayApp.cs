using EdgeCrab.DingTalk;
using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using EdgeCrab.DingTalk.Emulator;
using EdgeCrab.DingTalk.Replies;
using EdgeCrab.DingTalk.Rest;
using EdgeCrab.DingTalk.Security;
using EdgeCrab.Gateway;
using EdgeCrab.Gateway.Agent;
using EdgeCrab.Gateway.Cluster;
using EdgeCrab.Gateway.Connection;
using EdgeCrab.Gateway.Outbox;
using EdgeCrab.Gateway.Persistence;
using EdgeCrab.Gateway.Sessions;
using EdgeCrab.Host.Logging;
using EdgeCrab.Host.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Extensions.Logging;

namespace EdgeCrab.Host.Runtime;

/// <summary>
/// A running gateway: the composition root that turns validated settings into the emulator (when there are no
/// credentials), the journal, the Akka actor system and its actors. <see cref="StopAsync"/> is the graceful Ctrl-C
/// path; <see cref="CrashAsync"/> drops the actor system the way a killed process would, for tests.
/// </summary>
internal sealed class GatewayApp : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly Serilog.Core.Logger _logger;
    private readonly DingTalkEmulator? _emulator;
    private readonly HttpClient _http;
    private readonly SendPace _pace;

    private GatewayApp(IHost host, Serilog.Core.Logger logger, DingTalkEmulator? emulator, HttpClient http, SendPace pace, DingTalkTarget target, SecretRedactor redactor)
    {
        _pace = pace;
        _host = host;
        _logger = logger;
        _emulator = emulator;
        _http = http;
        Target = target;
        Redactor = redactor;
    }

    public DingTalkTarget Target { get; }

    public SecretRedactor Redactor { get; }

    /// <summary>This node's pace of sends to DingTalk (its share of the app's budget).</summary>
    public SendPace Pace => _pace;

    public ActorSystem System => _host.Services.GetRequiredService<ActorSystem>();

    public IActorRegistry Registry => _host.Services.GetRequiredService<IActorRegistry>();

    /// <summary>The operations endpoint's address when EDGECRAB_HTTP_PORT is set.</summary>
    public Uri? OperationsAddress => _host.Services.GetService<OperationsEndpoint>()?.Address;

    /// <summary>The node's bound on callbacks in flight, shared by both intake paths (tests hold slots to show the pause).</summary>
    public CallbackSlots InFlight => _host.Services.GetRequiredService<CallbackSlots>();

    /// <summary>The HTTP callback endpoint's address when DINGTALK_WEBHOOK_PORT is set.</summary>
    public Uri? CallbackAddress => _host.Services.GetService<CallbackEndpoint>()?.Address;

    /// <param name="console">Where console log lines go (tests capture them); null is the real console.</param>
    /// <param name="akkaOverrides">HOCON that wins over the files (tests shorten timings).</param>
    public static async Task<GatewayApp> StartAsync(GatewaySettings settings, TextWriter? console = null, Config? akkaOverrides = null,
        ConnectionSettings? connection = null, CancellationToken ct = default)
    {
        var redactor = new SecretRedactor();
        var logger = GatewayLogging.CreateLogger(settings, redactor, console);
        DingTalkEmulator? emulator = null;
        SendPace? pace = null;
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { Timeout = TimeSpan.FromSeconds(15) };
        try
        {
            DingTalkTarget target;
            if (settings.Credentials is { } credentials)
            {
                target = new DingTalkTarget(credentials, settings.Endpoints, settings.RobotCode ?? credentials.AppKey, null);
            }
            else
            {
                emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions { LoggerFactory = new SerilogLoggerFactory(logger) }, ct).ConfigureAwait(false);
                target = new DingTalkTarget(emulator.Credentials, DingTalkEndpoints.SingleHost(emulator.BaseUri), emulator.RobotCode, emulator.BaseUri);
            }
            redactor.Register(target.Credentials.AppSecret);

            var backend = settings.Postgres is { } postgres ? (JournalBackend)new JournalBackend.Postgres(postgres) : new JournalBackend.Sqlite(settings.SqlitePath);
            if (backend is JournalBackend.Sqlite sqlite) SqliteJournalFile.Prepare(sqlite.FilePath);

            var rest = new DingTalkRestClient(http, target.Endpoints, target.Credentials, redactor);
            // DingTalk's budget is per app: in a cluster each node takes its share of it (SendPaceMembership).
            pace = new SendPace();
            var deps = new SessionDependencies(
                new SessionOptions(settings.BusyMode, ReplyChunker.ForDingTalk, settings.HooksDirectory),
                AgentClients.Create(settings),
                new DingTalkReplySender(rest, target.RobotCode, pace),
                TimeProvider.System,
                settings.PassivateAfter,
                TimeSpan.FromMinutes(5),
                HistoryWindow.Default)
            {
                // The ack waits for both the session's write and its pending-work record: one budget for the two.
                RecordTimeout = settings.AckTimeout,
                AgentSlots = new AgentSlots(settings.MaxConcurrentTurns),
            };
            var policy = new InboundPolicy(settings.AllowedUsers, settings.MaxInboundChars, rest.WebhookPolicy);
            // One bound for the node's callbacks in flight, shared by the stream socket and the HTTP callback endpoint.
            var inFlight = new CallbackSlots(settings.MaxCallbacksInFlight);
            var connectionSettings = (connection ?? new ConnectionSettings()) with { AckTimeout = settings.AckTimeout, InFlight = inFlight };

            var config = ConfigurationFactory.ParseString($"akka.loglevel = {GatewayLogging.AkkaLogLevel(settings)}");
            if (akkaOverrides is not null) config = akkaOverrides.WithFallback(config);
            // Every node is a cluster member (a single node is a cluster of one).
            config = config.WithFallback(GatewayHocon.Load(backend, "cluster.conf"));

            var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Services.AddSerilog(logger, dispose: false);
            builder.Services.AddSingleton(deps.AgentSlots);
            builder.Services.AddSingleton(inFlight);
            builder.Services.AddAkka(GatewayTopology.SystemName, akka => akka
                .AddHocon(config, HoconAddMode.Prepend)
                .ConfigureLoggers(loggers =>
                {
                    loggers.ClearLoggers();
                    loggers.AddLoggerFactory();
                })
                .AddGatewayTopology(settings, deps, rest, policy, connectionSettings)
                .AddSendPaceMembership(pace));
            if (settings.HttpPort is { } httpPort) builder.Services.AddOperationsEndpoint(httpPort, settings);
            if (settings.WebhookPort is { } webhookPort)
                builder.Services.AddCallbackEndpoint(webhookPort, new CallbackSignature(target.Credentials.AppSecret),
                    new SignatureReplayGuard(CallbackSignature.DingTalkSkew), policy, settings.AckTimeout);
            var host = builder.Build();
            await host.StartAsync(ct).ConfigureAwait(false);

            var app = new GatewayApp(host, logger, emulator, http, pace, target, redactor);
            logger.Information("EdgeCrab gateway started: {Settings}", settings.ToString());
            return app;
        }
        catch
        {
            if (emulator is not null) await emulator.DisposeAsync().ConfigureAwait(false);
            http.Dispose();
            pace?.Dispose();
            await logger.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Ctrl-C: the socket closes, running turns are stopped and persisted, the journal is flushed.</summary>
    public async Task StopAsync(CancellationToken ct = default)
    {
        _logger.Information("EdgeCrab gateway stopping");
        await _host.StopAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Drops the actor system without any shutdown step, as a killed process would (tests).</summary>
    public async Task CrashAsync()
    {
        await System.Terminate().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
        }
        _host.Dispose();
        if (_emulator is not null) await _emulator.DisposeAsync().ConfigureAwait(false);
        _http.Dispose();
        _pace.Dispose();
        await _logger.DisposeAsync().ConfigureAwait(false);
    }
}
