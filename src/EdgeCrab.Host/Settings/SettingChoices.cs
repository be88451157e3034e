using EdgeCrab.Gateway.Sessions;

namespace EdgeCrab.Host.Settings;

/// <summary>The words each enum-valued setting accepts (case-insensitive), and the ones an error line suggests.</summary>
internal static class SettingChoices
{
    public static readonly IReadOnlyDictionary<string, BusyMode> BusyModes = new Dictionary<string, BusyMode>
    {
        ["queue"] = BusyMode.Queue,
        ["interrupt"] = BusyMode.Interrupt,
        ["latest"] = BusyMode.Latest,
    };

    public static readonly string[] BusyModeNames = ["queue", "interrupt", "latest"];

    public static readonly IReadOnlyDictionary<string, StreamOwner> StreamOwners = new Dictionary<string, StreamOwner>
    {
        ["every-node"] = StreamOwner.EveryNode,
        ["every_node"] = StreamOwner.EveryNode,
        ["everynode"] = StreamOwner.EveryNode,
        ["singleton"] = StreamOwner.Singleton,
    };

    public static readonly string[] StreamOwnerNames = ["every-node", "singleton"];

    public static readonly IReadOnlyDictionary<string, ClusterDiscovery> ClusterDiscoveries = new Dictionary<string, ClusterDiscovery>
    {
        ["none"] = ClusterDiscovery.None,
        ["config"] = ClusterDiscovery.Config,
        ["kubernetes"] = ClusterDiscovery.Kubernetes,
    };

    public static readonly string[] ClusterDiscoveryNames = ["none", "config", "kubernetes"];

    public static readonly IReadOnlyDictionary<string, GatewayLogLevel> LogLevels = new Dictionary<string, GatewayLogLevel>
    {
        ["debug"] = GatewayLogLevel.Debug,
        ["info"] = GatewayLogLevel.Info,
        ["information"] = GatewayLogLevel.Info,
        ["warn"] = GatewayLogLevel.Warning,
        ["warning"] = GatewayLogLevel.Warning,
    };

    public static readonly string[] LogLevelNames = ["debug", "info", "warning"];
}
