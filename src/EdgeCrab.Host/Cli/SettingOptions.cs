using System.CommandLine;
using EdgeCrab.Gateway.Sessions;
using EdgeCrab.Host.Settings;

namespace EdgeCrab.Host.Cli;

/// <summary>
/// The command-line options that override settings (highest precedence). Secrets are deliberately not offered here:
/// a command line is visible to every user of the machine.
/// </summary>
internal sealed class SettingOptions
{
    private readonly (Option<string?> Option, string Setting)[] _options =
    [
        (new Option<string?>("--home") { Description = "EDGECRAB_HOME: where .env, edgecrab.db, logs/ and hooks/ live" }, SettingNames.Home),
        (new Option<string?>("--log-level") { Description = $"EDGECRAB_LOG_LEVEL: {SettingsReader.ChoicesOf<GatewayLogLevel>()}" }, SettingNames.LogLevel),
        (new Option<string?>("--busy-mode") { Description = $"EDGECRAB_BUSY_MODE: {SettingsReader.ChoicesOf<BusyMode>()}" }, SettingNames.BusyMode),
        (new Option<string?>("--postgres") { Description = "EDGECRAB_POSTGRES: keep the journal in PostgreSQL" }, SettingNames.Postgres),
        (new Option<string?>("--cluster-seeds") { Description = "EDGECRAB_CLUSTER_SEEDS: host:port,host:port" }, SettingNames.ClusterSeeds),
        (new Option<string?>("--cluster-port") { Description = "EDGECRAB_CLUSTER_PORT" }, SettingNames.ClusterPort),
        (new Option<string?>("--http-port") { Description = "EDGECRAB_HTTP_PORT: serve /healthz and /metrics" }, SettingNames.HttpPort),
    ];

    public void AddTo(Command command)
    {
        foreach (var (option, _) in _options) command.Options.Add(option);
    }

    public IReadOnlyDictionary<string, string?> Read(ParseResult parse) =>
        _options.ToDictionary(o => o.Setting, o => parse.GetValue(o.Option));
}
