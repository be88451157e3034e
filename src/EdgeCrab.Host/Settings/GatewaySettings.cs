using EdgeCrab.DingTalk;
using EdgeCrab.Gateway.Agent;
using EdgeCrab.Gateway.Cluster;
using EdgeCrab.Gateway.Connection;
using EdgeCrab.Gateway.Sessions;

namespace EdgeCrab.Host.Settings;

/// <summary>
/// Everything the gateway is told from outside, typed and validated once by <see cref="GatewaySettingsLoader"/>; each
/// initializer is that setting's one default. Its text form never shows a secret (AppSecret, LLM key, the PostgreSQL password).
/// </summary>
public sealed record GatewaySettings
{
    /// <summary>Full path of <c>EDGECRAB_HOME</c>: <c>.env</c>, <c>edgecrab.db</c>, <c>logs/</c>, <c>hooks/</c>.</summary>
    public required string Home { get; init; }
    /// <summary>The DingTalk app; null runs the gateway against the in-process emulator.</summary>
    public DingTalkCredentials? Credentials { get; init; }
    /// <summary>Robot code for the robot send API: <c>DINGTALK_ROBOT_CODE</c>, else the AppKey; null in emulator mode unless given.</summary>
    public string? RobotCode { get; init; }
    /// <summary>Staff ids allowed to reach the agent; empty means everyone.</summary>
    public IReadOnlySet<string> AllowedUsers { get; init; } = new HashSet<string>(StringComparer.Ordinal);
    /// <summary>AI card template the answers stream into; null sends markdown messages.</summary>
    public string? CardTemplateId { get; init; }
    /// <summary>The least time between two live writes into a card (never below 300 ms).</summary>
    public TimeSpan CardInterval { get; init; } = Gateway.Cards.CardOptions.DefaultUpdateInterval;
    /// <summary>Staff ids that may stop anyone's answer with a card's stop button.</summary>
    public IReadOnlySet<string> AdminUsers { get; init; } = new HashSet<string>(StringComparer.Ordinal);
    /// <summary>Port of the HTTP callback endpoint; null = off (stream only), 0 = auto-assigned.</summary>
    public int? WebhookPort { get; init; }
    public DingTalkEndpoints Endpoints { get; init; } = DingTalkEndpoints.Production;
    /// <summary>PostgreSQL connection string; null = SQLite at <see cref="SqlitePath"/>.</summary>
    public string? Postgres { get; init; }
    /// <summary>Seed nodes; empty = single node.</summary>
    public IReadOnlyList<ClusterSeed> ClusterSeeds { get; init; } = [];
    /// <summary>This node's public host in the cluster; null = 127.0.0.1 (<see cref="NodeHost"/>).</summary>
    public string? ClusterHost { get; init; }
    /// <summary>This node's cluster port; null or 0 = a free port, picked when the node starts.</summary>
    public int? ClusterPort { get; init; }
    /// <summary>Cluster bootstrap instead of seeds; <see cref="Settings.ClusterDiscovery.None"/> = seeds or a single node.</summary>
    public ClusterDiscovery ClusterDiscovery { get; init; } = ClusterDiscovery.None;
    /// <summary>Every node's management endpoint, host:port, for <see cref="Settings.ClusterDiscovery.Config"/>.</summary>
    public IReadOnlyList<ClusterSeed> ClusterEndpoints { get; init; } = [];
    /// <summary>Which pods are gateway nodes, for <see cref="Settings.ClusterDiscovery.Kubernetes"/>.</summary>
    public string ClusterPodSelector { get; init; } = BootstrapDiscovery.Kubernetes.DefaultPodLabelSelector;
    /// <summary>Port of this node's management endpoint, which cluster bootstrap probes.</summary>
    public int ClusterManagementPort { get; init; } = ClusterFormation.Bootstrap.DefaultManagementPort;
    /// <summary>Contact points that must answer before a new cluster forms; null = every endpoint (config), Akka's 2 (Kubernetes).</summary>
    public int? ClusterRequiredContacts { get; init; }
    public StreamOwner StreamOwner { get; init; } = StreamOwner.EveryNode;
    /// <summary>Port of <c>/healthz</c> and <c>/metrics</c>; null = off, 0 = auto-assigned.</summary>
    public int? HttpPort { get; init; }
    /// <summary>OpenAI-compatible endpoint; null = the offline agent.</summary>
    public Uri? LlmBaseUrl { get; init; }
    public string? LlmApiKey { get; init; }
    /// <summary>Model to ask; always set when <see cref="LlmBaseUrl"/> is.</summary>
    public string? Model { get; init; }
    public BusyMode BusyMode { get; init; } = BusyMode.Queue;
    /// <summary>Agent requests in flight at once on this node; other turns wait in arrival order.</summary>
    public int MaxConcurrentTurns { get; init; } = AgentSlots.DefaultLimit;
    public GatewayLogLevel LogLevel { get; init; } = GatewayLogLevel.Info;
    /// <summary>Longer inbound texts are refused with a clear reply.</summary>
    public int MaxInboundChars { get; init; } = 20_000;
    /// <summary>An idle conversation stops after this long and recovers from the journal on its next message.</summary>
    public TimeSpan PassivateAfter { get; init; } = TimeSpan.FromMinutes(30);
    /// <summary>How long the connection waits for a session's <c>Accepted</c> before leaving a callback un-acked.</summary>
    public TimeSpan AckTimeout { get; init; } = ConnectionSettings.DefaultAckTimeout;
    /// <summary>Robot callbacks taken in but not yet acked, on both intake paths together; past it the socket stops reading.</summary>
    public int MaxCallbacksInFlight { get; init; } = CallbackSlots.DefaultLimit;

    /// <summary>Where other nodes and tools reach this node (cluster remoting, /healthz, /cluster): the cluster host, else loopback.</summary>
    public string NodeHost => ClusterHost ?? "127.0.0.1";
    public bool IsEmulatorMode => Credentials is null;
    public bool IsClustered => ClusterSeeds.Count > 0 || ClusterDiscovery != ClusterDiscovery.None;
    public bool UsesPostgres => Postgres is not null;
    public bool UsesOfflineAgent => LlmBaseUrl is null;
    public string SqlitePath => Path.Combine(Home, "edgecrab.db");
    public string LogsDirectory => Path.Combine(Home, "logs");
    public string HooksDirectory => Path.Combine(Home, "hooks");
    /// <summary>The agent's persona, the system message of every request when present (EdgeCrab's and hermes-agent's convention).</summary>
    public string PersonaFile => Path.Combine(Home, "SOUL.md");

    /// <summary>The values to mask in every log line and message: AppSecret, LLM key, PostgreSQL password.</summary>
    public IEnumerable<string> Secrets =>
        new[] { Credentials?.AppSecret, LlmApiKey, Postgres is null ? null : PostgresConnectionString.PasswordOf(Postgres) }.OfType<string>();

    /// <summary>Settings with every default, rooted at <paramref name="home"/>: the loader's start, and tests' and tools' (<c>with { … }</c>).</summary>
    public static GatewaySettings Default(string home) => new() { Home = Path.GetFullPath(home) };

    // Written out by hand, not the record's generated PrintMembers: a new secret must never reach a log by default.
    public override string ToString() =>
        $"GatewaySettings {{ Home = {Home}, Mode = {(IsEmulatorMode ? "emulator" : "dingtalk")}, AppKey = {Credentials?.AppKey ?? "(none)"}, "
        + $"AppSecret = {(Credentials is null ? "(none)" : "***")}, RobotCode = {RobotCode ?? "(none)"}, "
        + $"AllowedUsers = {(AllowedUsers.Count == 0 ? "(everyone)" : string.Join(",", AllowedUsers.Order(StringComparer.Ordinal)))}, "
        + $"CardTemplateId = {CardTemplateId ?? "(markdown)"}, CardInterval = {CardInterval}, AdminUsers = {(AdminUsers.Count == 0 ? "(none)" : string.Join(",", AdminUsers.Order(StringComparer.Ordinal)))}, "
        + $"WebhookPort = {WebhookPort?.ToString() ?? "(off)"}, ApiBase = {Endpoints.ApiBase}, OapiBase = {Endpoints.OapiBase}, "
        + $"Journal = {(UsesPostgres ? "postgres (***)" : "sqlite " + SqlitePath)}, ClusterSeeds = {(ClusterSeeds.Count > 0 ? string.Join(",", ClusterSeeds) : IsClustered ? "(none)" : "(single node)")}, "
        + $"ClusterHost = {ClusterHost ?? "(default)"}, ClusterPort = {ClusterPort?.ToString() ?? "(default)"}, ClusterDiscovery = {ClusterDiscovery}, "
        + $"ClusterEndpoints = {(ClusterEndpoints.Count == 0 ? "(none)" : string.Join(",", ClusterEndpoints))}, ClusterPodSelector = {ClusterPodSelector}, "
        + $"ClusterManagementPort = {ClusterManagementPort}, ClusterRequiredContacts = {ClusterRequiredContacts?.ToString() ?? "(default)"}, StreamOwner = {StreamOwner}, "
        + $"HttpPort = {HttpPort?.ToString() ?? "(off)"}, LlmBaseUrl = {LlmBaseUrl?.ToString() ?? "(offline agent)"}, "
        + $"LlmApiKey = {(LlmApiKey is null ? "(none)" : "***")}, Model = {Model ?? "(none)"}, BusyMode = {BusyMode}, "
        + $"MaxConcurrentTurns = {MaxConcurrentTurns}, LogLevel = {LogLevel}, MaxInboundChars = {MaxInboundChars}, "
        + $"PassivateAfter = {PassivateAfter}, AckTimeout = {AckTimeout}, MaxCallbacksInFlight = {MaxCallbacksInFlight} }}";
}
