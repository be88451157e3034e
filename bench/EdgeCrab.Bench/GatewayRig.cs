using Akka.Configuration;
using EdgeCrab.DingTalk;
using EdgeCrab.DingTalk.Emulator;
using EdgeCrab.Gateway.Connection;
using EdgeCrab.Host.Runtime;
using EdgeCrab.Host.Settings;

namespace EdgeCrab.Bench;

/// <summary>
/// The emulator on a loopback port (in this process, or in its own: <see cref="EmulatorProcess"/>) and, unless asked
/// not to, the real gateway (through <see cref="GatewayApp"/>, as the end-to-end tests start it) connected to it, in a
/// fresh temporary EDGECRAB_HOME: nothing else on the machine is touched, and disposing removes it all.
/// </summary>
internal sealed class GatewayRig : IAsyncDisposable
{
    private readonly StringWriter _log = new();

    private readonly IAsyncDisposable _emulator;

    private GatewayRig(IAsyncDisposable emulator, Uri emulatorUri, DingTalkCredentials credentials, string home)
    {
        _emulator = emulator;
        EmulatorUri = emulatorUri;
        Credentials = credentials;
        Home = home;
        Control = new EmulatorClient(emulatorUri);
    }

    public Uri EmulatorUri { get; }
    /// <summary>The app the emulator accepts; its robot code is the AppKey.</summary>
    public DingTalkCredentials Credentials { get; }
    public EmulatorClient Control { get; }
    public string Home { get; }
    public GatewayApp? App { get; private set; }
    public string SqlitePath => Path.Combine(Home, "edgecrab.db");
    /// <summary>The emulator's own process when it runs in one; null when it shares this process.</summary>
    public System.Diagnostics.Process? EmulatorOsProcess => (_emulator as EmulatorProcess)?.Process;

    /// <summary>Warning lines the gateway logged (a healthy run has none).</summary>
    public string[] Warnings
    {
        get
        {
            lock (_log) return _log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
    }

    /// <param name="configure">Settings on top of the bench's own (a model server, a card template).</param>
    /// <param name="separateEmulator">Run the emulator as its own process, so this process's collections are the gateway's alone.</param>
    public static async Task<GatewayRig> StartAsync(bool withGateway = true, ConnectionSettings? connection = null, Func<GatewaySettings, GatewaySettings>? configure = null,
        bool separateEmulator = false)
    {
        var home = Path.Combine(Path.GetTempPath(), "edgecrab-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        // DingTalk's documented timings: an unacked callback comes back after ~60 s, pings every 30 s.
        GatewayRig rig;
        if (separateEmulator)
        {
            var process = await EmulatorProcess.StartAsync();
            rig = new GatewayRig(process, process.BaseUri, process.Credentials, home);
        }
        else
        {
            var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());
            rig = new GatewayRig(emulator, emulator.BaseUri, emulator.Credentials, home);
        }
        if (withGateway)
        {
            var settings = GatewaySettings.Default(home) with
            {
                Credentials = rig.Credentials,
                Endpoints = DingTalkEndpoints.SingleHost(rig.EmulatorUri),
                RobotCode = rig.Credentials.AppKey,
                LogLevel = GatewayLogLevel.Warning,
            };
            rig.App = await GatewayApp.StartAsync(configure?.Invoke(settings) ?? settings, TextWriter.Synchronized(rig._log), ConfigurationFactory.ParseString(Environment.GetEnvironmentVariable("XHOCON") ?? ""), connection);
            await rig.Control.WaitForConnectionsAsync(1, TimeSpan.FromSeconds(30));
        }
        return rig;
    }

    public async ValueTask DisposeAsync()
    {
        if (App is not null) await GatewayStop.GracefullyAsync(App);
        Control.Dispose();
        await _emulator.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        // EDGECRAB_BENCH_KEEP=1 leaves the home (journal, logs) behind for a look.
        if (Environment.GetEnvironmentVariable("EDGECRAB_BENCH_KEEP") == "1") return;
        try { Directory.Delete(Home, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
