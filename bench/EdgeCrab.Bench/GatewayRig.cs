using Akka.Configuration;
using EdgeCrab.DingTalk;
using EdgeCrab.DingTalk.Emulator;
using EdgeCrab.Gateway.Connection;
using EdgeCrab.Host.Runtime;
using EdgeCrab.Host.Settings;

namespace EdgeCrab.Bench;

/// <summary>
/// The emulator on a loopback port and, unless asked not to, the real gateway (through <see cref="GatewayApp"/>, as
/// the end-to-end tests start it) connected to it, in a fresh temporary EDGECRAB_HOME: nothing else on the machine is
/// touched, and disposing removes it all.
/// </summary>
internal sealed class GatewayRig : IAsyncDisposable
{
    private readonly StringWriter _log = new();

    private GatewayRig(DingTalkEmulator emulator, string home)
    {
        Emulator = emulator;
        Home = home;
        Control = new EmulatorClient(emulator.BaseUri);
    }

    public DingTalkEmulator Emulator { get; }
    public EmulatorClient Control { get; }
    public string Home { get; }
    public GatewayApp? App { get; private set; }
    public string SqlitePath => Path.Combine(Home, "edgecrab.db");

    /// <summary>Warning lines the gateway logged (a healthy run has none).</summary>
    public string[] Warnings
    {
        get
        {
            lock (_log) return _log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
    }

    /// <param name="configure">Settings on top of the bench's own (a model server, a card template).</param>
    public static async Task<GatewayRig> StartAsync(bool withGateway = true, ConnectionSettings? connection = null, Func<GatewaySettings, GatewaySettings>? configure = null)
    {
        var home = Path.Combine(Path.GetTempPath(), "edgecrab-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        // DingTalk's documented timings: an unacked callback comes back after ~60 s, pings every 30 s.
        var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());
        var rig = new GatewayRig(emulator, home);
        if (withGateway)
        {
            var settings = GatewaySettings.Default(home) with
            {
                Credentials = emulator.Credentials,
                Endpoints = DingTalkEndpoints.SingleHost(emulator.BaseUri),
                RobotCode = emulator.RobotCode,
                LogLevel = GatewayLogLevel.Warning,
            };
            rig.App = await GatewayApp.StartAsync(configure?.Invoke(settings) ?? settings, TextWriter.Synchronized(rig._log), ConfigurationFactory.Empty, connection);
            await rig.Control.WaitForConnectionsAsync(1, TimeSpan.FromSeconds(30));
        }
        return rig;
    }

    public async ValueTask DisposeAsync()
    {
        if (App is not null) await GatewayStop.GracefullyAsync(App);
        Control.Dispose();
        await Emulator.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        // EDGECRAB_BENCH_KEEP=1 leaves the home (journal, logs) behind for a look.
        if (Environment.GetEnvironmentVariable("EDGECRAB_BENCH_KEEP") == "1") return;
        try { Directory.Delete(Home, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
