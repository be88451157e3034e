using Akka.Configuration;
using EdgeCrab.DingTalk;
using EdgeCrab.DingTalk.Emulator;
using EdgeCrab.Gateway.Connection;
using EdgeCrab.Host.Runtime;
using EdgeCrab.Host.Settings;
using OpenTelemetry.Trace;

namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary>
/// The emulator and a gateway pointed at it over loopback, in a fresh EDGECRAB_HOME with its own SQLite file. The
/// gateway can be crashed and started again on the same home; everything it logs is kept for the secrets check.
/// </summary>
internal sealed class GatewayUnderTest : IAsyncDisposable
{
    private readonly StringWriter _log = new();
    private readonly TextWriter _console;
    private ConnectionSettings _connection = FastConnection;
    private Action<TracerProviderBuilder>? _tracing;

    private GatewayUnderTest(DingTalkEmulator emulator, string home)
    {
        Emulator = emulator;
        Home = home;
        Control = new EmulatorControl(emulator.BaseUri);
        _console = TextWriter.Synchronized(_log);
    }

    public DingTalkEmulator Emulator { get; }
    public EmulatorControl Control { get; }
    public string Home { get; }
    public GatewayApp? App { get; private set; }

    /// <summary>Everything every gateway started here logged, console and files.</summary>
    public string Logs
    {
        get
        {
            var files = Directory.Exists(Path.Combine(Home, "logs"))
                ? Directory.GetFiles(Path.Combine(Home, "logs")).Select(f => { using var s = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite); return new StreamReader(s).ReadToEnd(); })
                : [];
            lock (_console) return _log + string.Concat(files);
        }
    }

    /// <summary>What the gateways started here wrote to their console only: each line once (the files repeat it).</summary>
    public string ConsoleLog
    {
        get
        {
            lock (_console) return _log.ToString();
        }
    }

    /// <summary>Quick reconnects and watchdog, so fault tests take seconds.</summary>
    public static readonly ConnectionSettings FastConnection = new()
    {
        Backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(2), 0.2, TimeSpan.FromSeconds(30)),
        WatchdogInterval = TimeSpan.FromSeconds(1),
        DrainGrace = TimeSpan.FromSeconds(1),
    };

    /// <param name="tracing">More trace setup for the gateway (an in-memory exporter, say).</param>
    public static async Task<GatewayUnderTest> StartAsync(Func<GatewaySettings, GatewaySettings>? configure = null, EmulatorOptions? emulator = null,
        ConnectionSettings? connection = null, Action<TracerProviderBuilder>? tracing = null)
    {
        var home = Path.Combine(Path.GetTempPath(), "edgecrab-e2e", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        var started = await DingTalkEmulator.StartAsync(emulator ?? new EmulatorOptions { RedeliverAfter = TimeSpan.FromSeconds(3), PingInterval = TimeSpan.FromSeconds(1) });
        var test = new GatewayUnderTest(started, home) { _connection = connection ?? FastConnection, _tracing = tracing };
        await test.StartGatewayAsync(configure);
        return test;
    }

    public async Task StartGatewayAsync(Func<GatewaySettings, GatewaySettings>? configure = null)
    {
        var settings = GatewaySettings.Default(Home) with
        {
            Credentials = Emulator.Credentials,
            Endpoints = DingTalkEndpoints.SingleHost(Emulator.BaseUri),
            RobotCode = Emulator.RobotCode,
            LogLevel = GatewayLogLevel.Debug,
        };
        // A crash must really be a crash: terminating the actor system skips every shutdown step.
        var overrides = ConfigurationFactory.ParseString("akka.coordinated-shutdown.run-by-actor-system-terminate = off");
        App = await GatewayApp.StartAsync(configure?.Invoke(settings) ?? settings, _console, overrides, _connection, _tracing);
        await Eventually.Get(() => Control.ConnectionCountAsync(), n => n >= 1, "the gateway's stream connection");
        // The emulator counts a connection when it accepts it, a moment before the gateway hears its socket is open:
        // a spec that reads the gateway's connect count as its baseline must not read it inside that moment.
        await Eventually.Get(() => this.ConnectsAsync(), n => n >= 1, "the gateway's own record of its stream connection");
    }

    /// <summary>The gateway asking the given OpenAI-compatible model server (and <paramref name="more"/> settings on top).</summary>
    public static Task<GatewayUnderTest> StartWithModelAsync(OpenAiCompatibleServer llm, Func<GatewaySettings, GatewaySettings>? more = null) =>
        StartAsync(s => (more ?? (x => x))(s with { LlmBaseUrl = llm.BaseUri, LlmApiKey = "sk-test-key-123456", Model = "test-model" }));

    /// <summary>Stops the gateway as Ctrl-C does: running turns are persisted as interrupted.</summary>
    public async Task StopGatewayAsync()
    {
        await App!.StopAsync();
        await App.DisposeAsync();
        App = null;
    }

    /// <summary>Kills the gateway's actor system (no graceful step at all), leaving its SQLite file as a crash would.</summary>
    public async Task CrashGatewayAsync()
    {
        await App!.CrashAsync();
        await App.DisposeAsync();
        App = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (App is not null) await App.DisposeAsync();
        Control.Dispose();
        await Emulator.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Home, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
