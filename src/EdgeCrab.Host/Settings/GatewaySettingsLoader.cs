using EdgeCrab.Gateway.Agent;
using EdgeCrab.Gateway.Cluster;
using EdgeCrab.Gateway.Connection;
using EdgeCrab.Gateway.Sessions;
using EdgeCrab.DingTalk;

namespace EdgeCrab.Host.Settings;

/// <summary>
/// Builds <see cref="GatewaySettings"/> from command-line options &gt; environment variables &gt; <c>$EDGECRAB_HOME/.env</c>
/// &gt; defaults, and checks them, reporting every bad or missing value as one line naming the variable.
/// </summary>
public static class GatewaySettingsLoader
{
    /// <summary>Loads from the real process environment.</summary>
    /// <param name="commandLine">Options given on the command line, keyed by the variable they stand for (<see cref="SettingNames"/>); null values mean "not given".</param>
    public static SettingsResult Load(IReadOnlyDictionary<string, string?> commandLine) =>
        Load(ProcessEnvironment.Snapshot(), commandLine);

    /// <summary>Loads from the given environment (the real one, or a test's); reads <c>.env</c> from EDGECRAB_HOME, else <c>~/.edgecrab</c>.</summary>
    public static SettingsResult Load(IReadOnlyDictionary<string, string?> environment, IReadOnlyDictionary<string, string?> commandLine)
    {
        if (!TryResolveHome(environment, commandLine, out var home, out var homeError))
            return SettingsResult.Invalid([homeError]);

        var dotEnvPath = Path.Combine(home, ".env");
        if (!DotEnvFile.TryRead(dotEnvPath, out var dotEnv, out var dotEnvError))
            return SettingsResult.Invalid([dotEnvError]);

        var reader = new SettingsReader(new LayeredSettingValues(commandLine, environment, dotEnv, dotEnvPath));
        if (dotEnv.ContainsKey(SettingNames.Home))
            reader.Fail(SettingNames.Home, $"cannot be set in {dotEnvPath}, the .env file it locates; set it in the environment or on the command line", showOrigin: false);

        var settings = Read(reader, home);
        return reader.Errors.Count == 0 ? SettingsResult.Valid(settings) : SettingsResult.Invalid(reader.Errors);
    }

    private static GatewaySettings Read(SettingsReader reader, string home)
    {
        var credentials = ReadCredentials(reader);
        var seeds = ReadHostPorts(reader, SettingNames.ClusterSeeds);
        var clusterHost = ReadClusterHost(reader);
        var clusterPort = reader.Port(SettingNames.ClusterPort);
        var bootstrap = ReadBootstrap(reader, clusterHost);
        var postgres = ReadPostgres(reader);
        var streamOwner = reader.Choice(SettingNames.StreamOwner, SettingChoices.StreamOwners, SettingChoices.StreamOwnerNames) ?? StreamOwner.EveryNode;
        CheckCluster(reader, clusterHost, clusterPort, postgres, streamOwner, credentials is not null);

        var (llmBaseUrl, llmApiKey, model) = ReadAgent(reader);
        RefuseCardTemplate(reader);
        var production = DingTalkEndpoints.Production;

        return new GatewaySettings
        {
            Home = home,
            Credentials = credentials,
            RobotCode = reader.Text(SettingNames.RobotCode) ?? credentials?.AppKey,
            AllowedUsers = new HashSet<string>(reader.List(SettingNames.AllowedUsers), StringComparer.Ordinal),
            WebhookPort = reader.Port(SettingNames.WebhookPort),
            Endpoints = new DingTalkEndpoints(
                reader.HttpUrl(SettingNames.ApiBase) ?? production.ApiBase,
                reader.HttpUrl(SettingNames.OapiBase) ?? production.OapiBase),
            Postgres = postgres,
            ClusterSeeds = seeds,
            ClusterHost = clusterHost,
            ClusterPort = clusterPort,
            ClusterDiscovery = bootstrap.Discovery,
            ClusterEndpoints = bootstrap.Endpoints,
            ClusterPodSelector = bootstrap.PodSelector,
            ClusterManagementPort = bootstrap.ManagementPort,
            ClusterRequiredContacts = bootstrap.RequiredContacts,
            StreamOwner = streamOwner,
            HttpPort = reader.Port(SettingNames.HttpPort),
            LlmBaseUrl = llmBaseUrl,
            LlmApiKey = llmApiKey,
            Model = model,
            BusyMode = reader.Choice(SettingNames.BusyMode, SettingChoices.BusyModes, SettingChoices.BusyModeNames) ?? BusyMode.Queue,
            MaxConcurrentTurns = reader.PositiveNumber(SettingNames.MaxConcurrentTurns) ?? AgentSlots.DefaultLimit,
            LogLevel = reader.Choice(SettingNames.LogLevel, SettingChoices.LogLevels, SettingChoices.LogLevelNames) ?? GatewayLogLevel.Info,
            MaxInboundChars = reader.PositiveNumber(SettingNames.MaxInboundChars) ?? GatewaySettings.DefaultMaxInboundChars,
            PassivateAfter = reader.Duration(SettingNames.PassivateAfter) ?? GatewaySettings.DefaultPassivateAfter,
            AckTimeout = reader.Duration(SettingNames.AckTimeout) ?? ConnectionSettings.DefaultAckTimeout,
            MaxCallbacksInFlight = reader.PositiveNumber(SettingNames.MaxCallbacksInFlight) ?? GatewaySettings.DefaultMaxCallbacksInFlight,
        };
    }

    private static DingTalkCredentials? ReadCredentials(SettingsReader reader)
    {
        var appKey = reader.Text(SettingNames.AppKey);
        var appSecret = reader.Text(SettingNames.AppSecret);
        if (appKey is not null && appSecret is not null) return new DingTalkCredentials(appKey, appSecret);
        if (appKey is not null)
            reader.Fail(SettingNames.AppSecret, $"not set, but {SettingNames.AppKey} is; set both for DingTalk, or neither for the local emulator");
        if (appSecret is not null)
            reader.Fail(SettingNames.AppKey, $"not set, but {SettingNames.AppSecret} is; set both for DingTalk, or neither for the local emulator");
        return null;
    }

    private static string? ReadPostgres(SettingsReader reader)
    {
        var postgres = reader.Text(SettingNames.Postgres);
        if (postgres is null || PostgresConnectionString.LooksValid(postgres)) return postgres;
        // Never quoted: the connection string carries the password.
        reader.Fail(SettingNames.Postgres, "is not a PostgreSQL connection string (expected Host=…;Database=…;Username=…;Password=…)");
        return null;
    }

    private static IReadOnlyList<ClusterSeed> ReadHostPorts(SettingsReader reader, string name)
    {
        var seeds = new List<ClusterSeed>();
        foreach (var entry in reader.List(name))
        {
            if (ClusterSeed.TryParse(entry, out var seed)) seeds.Add(seed);
            else reader.Fail(name, $"{SettingsReader.Quote(entry)} is not host:port (port 1-65535)");
        }
        return seeds;
    }

    private static (ClusterDiscovery Discovery, IReadOnlyList<ClusterSeed> Endpoints, string PodSelector, int ManagementPort, int? RequiredContacts)
        ReadBootstrap(SettingsReader reader, string? clusterHost)
    {
        var chosen = reader.Choice(SettingNames.ClusterDiscovery, SettingChoices.ClusterDiscoveries, SettingChoices.ClusterDiscoveryNames);
        var endpoints = ReadHostPorts(reader, SettingNames.ClusterEndpoints);
        // Akka.Discovery's config method splits an endpoint at its first ':'.
        foreach (var endpoint in endpoints.Where(e => e.Host.Contains(':')))
            reader.Fail(SettingNames.ClusterEndpoints, $"{SettingsReader.Quote(endpoint.ToString())}: IPv6 addresses are not supported here; use a host name");
        var podSelector = reader.Text(SettingNames.ClusterPodSelector);
        var managementPort = reader.Port(SettingNames.ClusterManagementPort);
        if (managementPort == 0)
            reader.Fail(SettingNames.ClusterManagementPort, "'0' cannot be used: the other nodes must know the port to probe (1-65535)");
        var requiredContacts = reader.PositiveNumber(SettingNames.ClusterRequiredContacts);
        // A bad discovery word is reported once, as bad: the other variables are judged only against a valid one.
        if (chosen is not null || reader.Text(SettingNames.ClusterDiscovery) is null)
            CheckBootstrap(reader, chosen ?? ClusterDiscovery.None, clusterHost);
        return (chosen ?? ClusterDiscovery.None, endpoints, podSelector ?? BootstrapDiscovery.Kubernetes.DefaultPodLabelSelector,
            managementPort is > 0 ? managementPort.Value : ClusterFormation.Bootstrap.DefaultManagementPort, requiredContacts);
    }

    private static void CheckBootstrap(SettingsReader reader, ClusterDiscovery discovery, string? clusterHost)
    {
        if (discovery != ClusterDiscovery.None && reader.Text(SettingNames.ClusterSeeds) is not null)
            reader.Fail(SettingNames.ClusterDiscovery, $"set, but so is {SettingNames.ClusterSeeds}; the nodes find each other either through seeds or through discovery, unset one");
        if (discovery == ClusterDiscovery.Config && reader.Text(SettingNames.ClusterEndpoints) is null)
            reader.Fail(SettingNames.ClusterEndpoints, $"not set, but {SettingNames.ClusterDiscovery} is 'config'; list every node's management endpoint as host:port ({SettingNames.ClusterHost}:{SettingNames.ClusterManagementPort} of each)");
        // Without it the node would tell the other pods to reach it at 127.0.0.1.
        if (discovery == ClusterDiscovery.Kubernetes && clusterHost is null && reader.Text(SettingNames.ClusterHost) is null)
            reader.Fail(SettingNames.ClusterHost, $"not set, but {SettingNames.ClusterDiscovery} is 'kubernetes'; set it to the pod's IP (env valueFrom fieldRef status.podIP), where the other pods reach this one");
        if (discovery != ClusterDiscovery.Config && reader.Text(SettingNames.ClusterEndpoints) is not null)
            reader.Fail(SettingNames.ClusterEndpoints, $"set, but {SettingNames.ClusterDiscovery} is not 'config'; set both, or neither");
        if (discovery != ClusterDiscovery.Kubernetes && reader.Text(SettingNames.ClusterPodSelector) is not null)
            reader.Fail(SettingNames.ClusterPodSelector, $"set, but {SettingNames.ClusterDiscovery} is not 'kubernetes'; set both, or neither");
        if (discovery != ClusterDiscovery.None) return;
        const string undiscovered = $"set, but {SettingNames.ClusterDiscovery} is not; set it to config or kubernetes, or unset this";
        if (reader.Text(SettingNames.ClusterManagementPort) is not null) reader.Fail(SettingNames.ClusterManagementPort, undiscovered);
        if (reader.Text(SettingNames.ClusterRequiredContacts) is not null) reader.Fail(SettingNames.ClusterRequiredContacts, undiscovered);
    }

    private static string? ReadClusterHost(SettingsReader reader)
    {
        var host = reader.Text(SettingNames.ClusterHost);
        if (host is null || Uri.CheckHostName(host) != UriHostNameType.Unknown) return host;
        reader.Fail(SettingNames.ClusterHost, $"{SettingsReader.Quote(host)} is not a host name or IP address");
        return null;
    }

    /// <summary>The variable that makes this node one of several (seeds, else a discovery other than none), on the raw text.</summary>
    private static string? Discovers(SettingsReader reader) =>
        reader.Text(SettingNames.ClusterSeeds) is not null ? SettingNames.ClusterSeeds
        : reader.Text(SettingNames.ClusterDiscovery) is { } discovery && !string.Equals(discovery, "none", StringComparison.OrdinalIgnoreCase) ? SettingNames.ClusterDiscovery
        : null;

    private static void CheckCluster(
        SettingsReader reader, string? host, int? port, string? postgres, StreamOwner streamOwner, bool hasCredentials)
    {
        // Checked on the raw text, so a bad seed list is reported once, as bad, not also as missing.
        if (Discovers(reader) is { } clustering)
        {
            // Each node's own SQLite file would strand a dead node's conversations: the cluster needs one shared journal.
            if (postgres is null && reader.Text(SettingNames.Postgres) is null)
                reader.Fail(SettingNames.Postgres, $"not set, but {clustering} is; a cluster keeps its journal in PostgreSQL");
            // Without credentials every node would start its own private emulator: the nodes must share one DingTalk.
            if (!hasCredentials && reader.Text(SettingNames.AppKey) is null)
                reader.Fail(SettingNames.AppKey, $"not set, but {clustering} is; all nodes need the same DingTalk (to try a cluster locally, run `edgecrab emulator --app-key K --app-secret S` and point {SettingNames.ApiBase} and {SettingNames.OapiBase} at it)");
            return;
        }
        const string unclustered = $"set, but neither {SettingNames.ClusterSeeds} nor {SettingNames.ClusterDiscovery} is; list the seed nodes (this node's own host:port starts a new cluster) or choose a discovery";
        if (port is not null) reader.Fail(SettingNames.ClusterPort, unclustered);
        if (host is not null) reader.Fail(SettingNames.ClusterHost, unclustered);
        if (streamOwner == StreamOwner.Singleton)
            reader.Fail(SettingNames.StreamOwner, $"'singleton' needs a cluster, but neither {SettingNames.ClusterSeeds} nor {SettingNames.ClusterDiscovery} is set");
    }

    private static (Uri? BaseUrl, string? ApiKey, string? Model) ReadAgent(SettingsReader reader)
    {
        var baseUrlGiven = reader.Text(SettingNames.LlmBaseUrl) is not null;
        var baseUrl = reader.HttpUrl(SettingNames.LlmBaseUrl);
        var apiKey = reader.Text(SettingNames.LlmApiKey);
        var model = reader.Text(SettingNames.Model);
        if (!baseUrlGiven)
        {
            // A key or model without an endpoint would silently run the offline agent; say so instead.
            const string offline = $"set, but {SettingNames.LlmBaseUrl} is not; set the endpoint too (e.g. https://api.openai.com/v1), or unset it for the offline agent";
            if (apiKey is not null) reader.Fail(SettingNames.LlmApiKey, offline);
            if (model is not null) reader.Fail(SettingNames.Model, offline);
        }
        else if (model is null)
        {
            reader.Fail(SettingNames.Model, $"not set, but {SettingNames.LlmBaseUrl} is; name the model to ask (e.g. gpt-4o-mini, qwen-plus)");
        }
        return (baseUrl, apiKey, model);
    }

    // Answers go out as markdown messages until AI cards work: a template id that silently changed nothing would mislead.
    private static void RefuseCardTemplate(SettingsReader reader)
    {
        if (reader.Text(SettingNames.CardTemplateId) is not null)
            reader.Fail(SettingNames.CardTemplateId, "AI cards are not supported yet; unset it (answers are sent as markdown messages)");
    }

    private static bool TryResolveHome(
        IReadOnlyDictionary<string, string?> environment, IReadOnlyDictionary<string, string?> commandLine, out string home, out string error)
    {
        error = "";
        var userHome = UserHome(environment);
        var given = First(commandLine, environment, SettingNames.Home);
        var path = given is null ? Path.Combine(userHome, ".edgecrab")
            : given == "~" ? userHome
            : given.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(userHome, given[2..])
            : given;
        try
        {
            home = Path.GetFullPath(path);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            home = "";
            error = $"{SettingNames.Home}: {SettingsReader.Quote(path)} is not a usable directory path";
            return false;
        }
    }

    private static string? First(IReadOnlyDictionary<string, string?> commandLine, IReadOnlyDictionary<string, string?> environment, string name)
    {
        if (commandLine.TryGetValue(name, out var fromCommandLine) && fromCommandLine is not null) return Blank(fromCommandLine);
        return environment.TryGetValue(name, out var fromEnvironment) ? Blank(fromEnvironment) : null;
        static string? Blank(string? value) => value?.Trim() is { Length: > 0 } text ? text : null;
    }

    // From the given environment first, so tests never land in the real ~/.edgecrab.
    private static string UserHome(IReadOnlyDictionary<string, string?> environment) =>
        environment.TryGetValue("HOME", out var home) && !string.IsNullOrWhiteSpace(home) ? home
        : environment.TryGetValue("USERPROFILE", out var profile) && !string.IsNullOrWhiteSpace(profile) ? profile
        : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
}
