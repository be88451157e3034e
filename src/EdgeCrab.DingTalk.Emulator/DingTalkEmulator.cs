using System.Net;
using EdgeCrab.DingTalk.Emulator.Cards;
using EdgeCrab.DingTalk.Emulator.ChatPage;
using EdgeCrab.DingTalk.Emulator.Control;
using EdgeCrab.DingTalk.Emulator.Conversations;
using EdgeCrab.DingTalk.Emulator.Http;
using EdgeCrab.DingTalk.Emulator.Rest;
using EdgeCrab.DingTalk.Emulator.Stream;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeCrab.DingTalk.Emulator;

/// <summary>A local DingTalk on 127.0.0.1: both REST hosts, the stream websocket, the control API and the chat page.</summary>
public sealed class DingTalkEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatorApp _emulator;

    private DingTalkEmulator(WebApplication app, EmulatorApp emulator)
    {
        _app = app;
        _emulator = emulator;
    }

    /// <summary>Serves <c>api.dingtalk.com</c> and <c>oapi.dingtalk.com</c> paths alike, e.g. <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseUri => _emulator.BaseUri;

    public DingTalkCredentials Credentials => _emulator.Credentials;

    public string RobotCode => _emulator.RobotCode;

    public static async Task<DingTalkEmulator> StartAsync(EmulatorOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var emulator = new EmulatorApp(options);
        // Empty, not slim: the slim builder's appsettings sources watch the content root's folders for changes
        // (inotify, recursively) for as long as the emulator runs, and nothing here reads configuration.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(DingTalkEmulator).Assembly.GetName().Name,
            EnvironmentName = "Production",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Services.AddRoutingCore();
        // Loopback only, whatever ASPNETCORE_URLS says: the emulator accepts any client that knows its port.
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, options.Port);
            k.Limits.MaxRequestBodySize = options.MaxRequestBytes + 1024L;
            k.AddServerHeader = false;
        });
        builder.Logging.ClearProviders();
        if (options.LoggerFactory is { } loggerFactory)
        {
            builder.Logging.AddProvider(new ForwardingLoggerProvider(loggerFactory));
            // ASP.NET Core's request logs carry full URLs, and with them tickets, sessions and gettoken's appsecret.
            builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
            builder.Logging.AddFilter("System", LogLevel.Warning);
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
        }
        builder.Services.Replace(ServiceDescriptor.Singleton<IHostLifetime, EmbeddedLifetime>());
        Register(builder.Services, emulator);

        var app = builder.Build();
        app.UseMiddleware<ErrorBoundary>();
        app.UseWebSockets();
        app.MapOAuth();
        app.MapStreamConnections();
        app.MapRobotSend();
        app.MapMessageFiles();
        app.MapCards();
        app.MapControl();
        app.MapChatPage();
        app.MapFallback(() => ApiErrors.Api(404, "NotFound", "no such API in the emulator"));

        await app.StartAsync(ct).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        emulator.BaseUri = new Uri(new Uri(address).GetLeftPart(UriPartial.Authority).Replace("localhost", "127.0.0.1", StringComparison.Ordinal) + "/");
        return new DingTalkEmulator(app, emulator);
    }

    private static void Register(IServiceCollection services, EmulatorApp emulator)
    {
        services.AddSingleton(emulator);
        services.AddSingleton(emulator.Options);
        services.AddSingleton(emulator.Options.Clock);
        services.AddSingleton<FaultSwitches>();
        services.AddSingleton<AccessTokenIssuer>();
        services.AddSingleton<ApiCallCounter>();
        services.AddSingleton<BusinessGate>();
        services.AddSingleton<ConversationLog>();
        services.AddSingleton<SessionWebhooks>();
        services.AddSingleton<MessageFiles>();
        services.AddSingleton<CardStore>();
        services.AddSingleton<CardContext>();
        services.AddSingleton<TicketBook>();
        services.AddSingleton<CallbackLedger>();
        services.AddSingleton<PushFrames>();
        services.AddSingleton<StreamHub>();
        services.AddSingleton<HttpCallbackSender>();
        services.AddSingleton<ConnectionLoop>();
        services.AddSingleton<RobotMessageFactory>();
        services.AddSingleton<InboundDesk>();
        services.AddSingleton<CardActionDesk>();
        services.AddSingleton<LoadRuns>();
    }

    public async ValueTask DisposeAsync()
    {
        // The hub first: it cuts the sockets, so the server's shutdown does not wait for websocket handlers.
        await _app.Services.GetRequiredService<StreamHub>().DisposeAsync().ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
