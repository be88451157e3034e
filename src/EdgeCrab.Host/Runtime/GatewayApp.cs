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
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using EdgeCrab.Gateway.Telemetry;
using OpenTelemetry.Trace;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Extensions.Logging;

namespace EdgeCrab.Host.Runtime;

/// <summary>
/// A running gateway: the composition root. Settings become the emulator (when there are no credentials), then one
/// web application whose services are a chain of <c>AddXxx</c> calls: the DingTalk client, the shared bounds, the
/// actors, telemetry, health checks and the two HTTP ports. <see cref="StopAsync"/> is the graceful Ctrl-C path;
/// <see cref="CrashAsync"/> drops the actor system the way a killed process would, for tests.
/// </summary>
internal sealed class GatewayApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Serilog.Core.Logger _logger;
    private readonly DingTalkEmulator? _emulator;
    private readonly IDisposable _gauges;

    private GatewayApp(WebApplication app, Serilog.Core.Logger logger, DingTalkEmulator? emulator, IDisposable gauges)
    {
        _app = app;
        _logger = logger;
        _emulator = emulator;
        _gauges = gauges;
    }

    public DingTalkTarget Target => _app.Services.GetRequiredService<DingTalkTarget>();

    public SecretRedactor Redactor => _app.Services.GetRequiredService<SecretRedactor>();

    /// <summary>This node's pace of sends to DingTalk (its share of the app's budget).</summary>
    public SendPace Pace => _app.Services.GetRequiredService<SendPace>();

    public ActorSystem System => _app.Services.GetRequiredService<ActorSystem>();

    /// <summary>Which conversations this node knows its journal holds (loaded at start when the node is alone).</summary>
    public JournalCensus Census => _app.Services.GetRequiredService<SessionDependencies>().Census;

    public IActorRegistry Registry => _app.Services.GetRequiredService<IActorRegistry>();

    /// <summary>The operations endpoint's address when EDGECRAB_HTTP_PORT is set.</summary>
    public Uri? OperationsAddress => _app.Services.GetRequiredService<GatewayListeners>().OperationsAddress;

    /// <summary>The node's bound on callbacks in flight, shared by both intake paths (tests hold slots to show the pause).</summary>
    public CallbackSlots InFlight => _app.Services.GetRequiredService<CallbackSlots>();

    /// <summary>The HTTP callback endpoint's address when DINGTALK_WEBHOOK_PORT is set.</summary>
    public Uri? CallbackAddress => _app.Services.GetRequiredService<GatewayListeners>().CallbackAddress;

    /// <param name="console">Where console log lines go (tests capture them); null is the real console.</param>
    /// <param name="akkaOverrides">HOCON that wins over the files (tests shorten timings).</param>
    /// <param name="tracing">More trace setup (tests add an in-memory exporter).</param>
    public static async Task<GatewayApp> StartAsync(GatewaySettings settings, TextWriter? console = null, Config? akkaOverrides = null,
        ConnectionSettings? connection = null, Action<TracerProviderBuilder>? tracing = null, CancellationToken ct = default)
    {
        var redactor = new SecretRedactor();
        var logger = GatewayLogging.CreateLogger(settings, redactor, console);
        DingTalkEmulator? emulator = null;
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
            // Akka prints to stdout itself, in its own format, before its loggers start and after they stop (Ctrl-C):
            // only what matters at the chosen level.
            var config = ConfigurationFactory.ParseString($"""
                akka.loglevel = {GatewayLogging.AkkaLogLevel(settings)}
                akka.stdout-loglevel = {GatewayLogging.AkkaStdoutLogLevel(settings)}
                """);
            if (akkaOverrides is not null) config = akkaOverrides.WithFallback(config);
            // Every node is a cluster member (a single node is a cluster of one).
            config = config.WithFallback(GatewayHocon.Load(backend, "cluster.conf"));

            // Empty, not slim: settings come from GatewaySettings alone (an appsettings.json or ASPNETCORE_URLS lying
            // around must not open ports or change logging behind the user's back), and the slim builder's
            // appsettings sources watch the working directory for changes, recursively: started from ~, an inotify
            // watch on every folder of the home directory and work on every file written there, the journal's own
            // writes included. Clearing the sources afterwards does not stop the watcher.
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
            builder.WebHost.UseKestrelCore();
            builder.Services.AddRoutingCore();
            // Except OpenTelemetry's own OTEL_* variables, which its exporters read from configuration.
            builder.Configuration.AddInMemoryCollection(GatewayTelemetryHosting.OtelVariables());
            builder.Logging.ClearProviders();
            var listeners = new GatewayListeners();
            var managementPort = settings.ClusterDiscovery == ClusterDiscovery.None ? (int?)null : settings.ClusterManagementPort;
            builder.WebHost.ConfigureKestrel(kestrel => listeners.Configure(kestrel, settings.NodeHost, settings.HttpPort, settings.WebhookPort, managementPort));
            builder.Services
                .AddSerilog(logger, dispose: false)
                .AddSingleton(listeners)
                .AddSingleton(target)
                .AddSingleton(redactor)
                .AddDingTalkRestClient(target, redactor)
                .AddGatewayServices(settings, connection)
                .AddAkka(GatewayTopology.SystemName, (akka, sp) => akka
                    .AddHocon(config, HoconAddMode.Prepend)
                    .AddSqliteDataOptions(backend)
                    .ConfigureLoggers(loggers =>
                    {
                        loggers.ClearLoggers();
                        loggers.AddLogger<ActorSourceLogger>();
                    })
                    .AddGatewayTopology(settings, sp)
                    .AddSendPaceMembership(sp.GetRequiredService<SendPace>())
                    .AddGatewayHealthChecks())
                .AddGatewayTelemetry($"{settings.NodeHost}:{settings.ClusterPort ?? 0}", tracing)
                .AddHealthChecks();
            if (settings.WebhookPort is not null) builder.Services.AddCallbackEndpoint(settings.AckTimeout);
            if (settings.HttpPort is null && settings.WebhookPort is null && managementPort is null) builder.Services.AddSingleton<IServer, IdleServer>();

            var app = builder.Build();
            app.Use((context, next) => listeners.Serves(context, CallbackEndpoint.Path, BootstrapSeedNodes.Path) ? next(context) : NotFound(context));
            app.MapOperationsEndpoint();
            if (settings.WebhookPort is not null) app.MapCallbackEndpoint();
            // Cluster bootstrap's probe: this node's address and the members it sees.
            if (managementPort is not null) app.MapGet(BootstrapSeedNodes.Path, (ActorSystem system) => Results.Content(BootstrapSeedNodes.Json(system), "application/json"));
            await app.StartAsync(ct).ConfigureAwait(false);

            var system = app.Services.GetRequiredService<ActorSystem>();
            var gauges = NodeGauges.Register(system, app.Services.GetRequiredService<AgentSlots>(), app.Services.GetRequiredService<CallbackSlots>());
            if (listeners.CallbackAddress is { } callbacks)
                logger.ForContext<CallbackEndpoint>().Information("accepting HTTP callbacks at {Address}", new Uri(callbacks, CallbackEndpoint.Path));
            logger.Information("EdgeCrab gateway started: {Settings}", settings.ToString());
            return new GatewayApp(app, logger, emulator, gauges);
        }
        catch
        {
            if (emulator is not null) await emulator.DisposeAsync().ConfigureAwait(false);
            await logger.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    /// <summary>Ctrl-C: the socket closes, running turns are stopped and persisted, the journal is flushed.</summary>
    public async Task StopAsync(CancellationToken ct = default)
    {
        _logger.Information("EdgeCrab gateway stopping");
        await _app.StopAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Drops the actor system without any shutdown step, as a killed process would (tests).</summary>
    public async Task CrashAsync()
    {
        await System.Terminate().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _gauges.Dispose();
        try
        {
            await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
        }
        await _app.DisposeAsync().ConfigureAwait(false);
        if (_emulator is not null) await _emulator.DisposeAsync().ConfigureAwait(false);
        await _logger.DisposeAsync().ConfigureAwait(false);
    }
}
