using DotNetEnv;
using DotNetEnv.Configuration;
using EdgeCrab.DingTalk;
using EdgeCrab.Gateway.Cluster;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Memory;
using Sprache;

namespace EdgeCrab.Host.Settings;

/// <summary>
/// Builds <see cref="GatewaySettings"/> from command line &gt; environment &gt; <c>$EDGECRAB_HOME/.env</c> &gt; defaults, layered by
/// Microsoft.Extensions.Configuration, and checks them in one pass that reports every bad or missing value as one line naming its variable.
/// </summary>
public static class GatewaySettingsLoader
{
    private const string Unpaired = "set both for DingTalk, or neither for the local emulator";
    private const string Unclustered = $"set, but neither {SettingNames.ClusterSeeds} nor {SettingNames.ClusterDiscovery} is; list the seed nodes (this node's own host:port starts a new cluster) or choose a discovery";
    private const string Offline = "set the endpoint too (e.g. https://api.openai.com/v1), or unset it for the offline agent";

    /// <summary>Loads from the real process environment.</summary>
    /// <param name="commandLine">Options given on the command line, keyed by the variable they stand for (<see cref="SettingNames"/>); null values mean "not given".</param>
    public static SettingsResult Load(IReadOnlyDictionary<string, string?> commandLine) => Load(new EnvironmentVariablesConfigurationSource(), commandLine);

    /// <summary>Loads from the given environment (a test's) instead of the real one.</summary>
    public static SettingsResult Load(IReadOnlyDictionary<string, string?> environment, IReadOnlyDictionary<string, string?> commandLine) =>
        Load(new MemoryConfigurationSource { InitialData = environment }, commandLine);

    /// <summary>The .env file as a configuration source: its own values (none when missing), never written into the process environment.</summary>
    internal static IConfigurationSource DotEnv(string path) =>
        new EnvConfigurationSource([path], new LoadOptions(setEnvVars: false, clobberExistingVars: true, onlyExactPath: true));

    private static SettingsResult Load(IConfigurationSource environment, IReadOnlyDictionary<string, string?> commandLine)
    {
        // Later sources win; the .env file goes in under the others once they have said where it is.
        var builder = new ConfigurationBuilder().Add(environment).AddInMemoryCollection(commandLine.Where(option => option.Value is not null));
        var home = ResolveHome(new SettingsReader(builder.Build(), ""));
        var dotEnvPath = Path.Combine(home, ".env");
        builder.Sources.Insert(0, DotEnv(dotEnvPath));
        IConfigurationRoot configuration;
        try
        {
            configuration = builder.Build();
        }
        catch (Exception ex)
        {
            // Only the position of a parse error: the parser's message quotes the text it consumed, which may be a secret.
            return new(null, [ex is IOException or UnauthorizedAccessException ? $"{SettingNames.Home}: cannot read {dotEnvPath}: {ex.Message}"
                : $"{SettingNames.Home}: {dotEnvPath} is not a valid .env file{(ex is ParseException { Position: { } at } ? $" (line {at.Line}, column {at.Column})" : "")}"]);
        }
        var reader = new SettingsReader(configuration, dotEnvPath);
        reader.Fail(SettingNames.Home, $"cannot be set in {dotEnvPath}, the .env file it locates; set it in the environment or on the command line",
            when: configuration.Providers.First().TryGet(SettingNames.Home, out _));
        var settings = Read(reader, GatewaySettings.Default(home));
        CheckTogether(reader, settings);
        return new(reader.Errors.Count == 0 ? settings : null, reader.Errors);
    }

    private static GatewaySettings Read(SettingsReader reader, GatewaySettings defaults)
    {
        var credentials = reader.Text(SettingNames.AppKey) is { } appKey && reader.Text(SettingNames.AppSecret) is { } appSecret
            ? new DingTalkCredentials(appKey, appSecret) : null;
        return defaults with
        {
            Credentials = credentials,
            RobotCode = reader.Text(SettingNames.RobotCode) ?? credentials?.AppKey,
            AllowedUsers = reader.List(SettingNames.AllowedUsers).ToHashSet(StringComparer.Ordinal),
            AdminUsers = reader.List(SettingNames.AdminUsers).ToHashSet(StringComparer.Ordinal),
            CardTemplateId = reader.Text(SettingNames.CardTemplateId),
            CardInterval = reader.Read(SettingNames.CardInterval, defaults.CardInterval, "a duration of at least 300ms (e.g. 500ms, 1s)",
                (string text, out TimeSpan interval) => DurationText.TryParse(text, out interval) && interval >= Gateway.Cards.CardOptions.MinUpdateInterval),
            WebhookPort = reader.Port(SettingNames.WebhookPort, defaults.WebhookPort),
            Endpoints = new(reader.HttpUrl(SettingNames.ApiBase, defaults.Endpoints.ApiBase)!, reader.HttpUrl(SettingNames.OapiBase, defaults.Endpoints.OapiBase)!),
            Postgres = reader.Read(SettingNames.Postgres, defaults.Postgres, "a PostgreSQL connection string (expected Host=…;Database=…;Username=…;Password=…)",
                (string text, out string? postgres) => PostgresConnectionString.LooksValid(postgres = text), secret: true),
            ClusterSeeds = reader.List(SettingNames.ClusterSeeds).Select(entry =>
                reader.Read<ClusterSeed?>(SettingNames.ClusterSeeds, null, "host:port (port 1-65535)", ClusterSeed.TryParse, entry)).OfType<ClusterSeed>().ToList(),
            ClusterHost = reader.Read(SettingNames.ClusterHost, defaults.ClusterHost, "a host name or IP address",
                (string text, out string? host) => Uri.CheckHostName(host = text) != UriHostNameType.Unknown),
            ClusterPort = reader.Port(SettingNames.ClusterPort, defaults.ClusterPort),
            ClusterDiscovery = reader.Choice(SettingNames.ClusterDiscovery, defaults.ClusterDiscovery),
            ClusterEndpoints = reader.List(SettingNames.ClusterEndpoints).Select(entry =>
                reader.Read<ClusterSeed?>(SettingNames.ClusterEndpoints, null, "host:port (port 1-65535)", ClusterSeed.TryParse, entry)).OfType<ClusterSeed>().ToList(),
            ClusterPodSelector = reader.Text(SettingNames.ClusterPodSelector) ?? defaults.ClusterPodSelector,
            ClusterManagementPort = reader.Read(SettingNames.ClusterManagementPort, defaults.ClusterManagementPort,
                "a port the other nodes can probe (1-65535)", (string text, out int port) => int.TryParse(text, out port) && port is > 0 and <= 65535),
            ClusterRequiredContacts = reader.Read<int?>(SettingNames.ClusterRequiredContacts, null, "a positive whole number",
                (string text, out int? count) => (count = int.TryParse(text, out var n) && n > 0 ? n : null) is not null),
            StreamOwner = reader.Choice(SettingNames.StreamOwner, defaults.StreamOwner),
            HttpPort = reader.Port(SettingNames.HttpPort, defaults.HttpPort),
            LlmBaseUrl = reader.HttpUrl(SettingNames.LlmBaseUrl, defaults.LlmBaseUrl),
            LlmApiKey = reader.Text(SettingNames.LlmApiKey),
            Model = reader.Text(SettingNames.Model),
            BusyMode = reader.Choice(SettingNames.BusyMode, defaults.BusyMode),
            MaxConcurrentTurns = reader.Count(SettingNames.MaxConcurrentTurns, defaults.MaxConcurrentTurns),
            LogLevel = reader.Choice(SettingNames.LogLevel, defaults.LogLevel, ("warn", GatewayLogLevel.Warning), ("information", GatewayLogLevel.Info)),
            MaxInboundChars = reader.Count(SettingNames.MaxInboundChars, defaults.MaxInboundChars),
            PassivateAfter = reader.Duration(SettingNames.PassivateAfter, defaults.PassivateAfter),
            AckTimeout = reader.Duration(SettingNames.AckTimeout, defaults.AckTimeout),
            MaxCallbacksInFlight = reader.Count(SettingNames.MaxCallbacksInFlight, defaults.MaxCallbacksInFlight),
        };
    }

    // Checked on the raw text, so a bad value is reported once, as bad, not also as missing.
    private static void CheckTogether(SettingsReader reader, GatewaySettings settings)
    {
        reader.Requires(SettingNames.AppSecret, SettingNames.AppKey, Unpaired);
        reader.Requires(SettingNames.AppKey, SettingNames.AppSecret, Unpaired);
        // Seeds or discovery make the node one of several; a discovery word that is not one is reported once, as bad.
        var clustering = reader.Text(SettingNames.ClusterSeeds) is not null ? SettingNames.ClusterSeeds
            : reader.Text(SettingNames.ClusterDiscovery) is { } discovery && !discovery.Equals("none", StringComparison.OrdinalIgnoreCase) ? SettingNames.ClusterDiscovery
            : null;
        if (clustering is not null)
        {
            // Each node's own SQLite file would strand a dead node's conversations: the cluster needs one shared journal.
            reader.Requires(SettingNames.Postgres, clustering, "a cluster keeps its journal in PostgreSQL");
            // Without credentials every node would start its own private emulator: the nodes must share one DingTalk.
            reader.Requires(SettingNames.AppKey, clustering, $"all nodes need the same DingTalk (to try a cluster locally, run `edgecrab emulator --app-key K --app-secret S` and point {SettingNames.ApiBase} and {SettingNames.OapiBase} at it)");
        }
        reader.Fail(SettingNames.ClusterPort, Unclustered, when: clustering is null && reader.Text(SettingNames.ClusterPort) is not null);
        reader.Fail(SettingNames.ClusterHost, Unclustered, when: clustering is null && reader.Text(SettingNames.ClusterHost) is not null);
        reader.Fail(SettingNames.StreamOwner, $"'singleton' needs a cluster, but neither {SettingNames.ClusterSeeds} nor {SettingNames.ClusterDiscovery} is set",
            when: settings.StreamOwner == StreamOwner.Singleton && clustering is null);
        if (reader.Errors.Any(error => error.StartsWith(SettingNames.ClusterDiscovery + ":", StringComparison.Ordinal))) return;
        CheckBootstrap(reader, settings);
        // A key or model without an endpoint would silently run the offline agent; say so instead.
        reader.Needs(SettingNames.LlmApiKey, SettingNames.LlmBaseUrl, Offline);
        reader.Needs(SettingNames.Model, SettingNames.LlmBaseUrl, Offline);
        reader.Requires(SettingNames.Model, SettingNames.LlmBaseUrl, "name the model to ask (e.g. gpt-4o-mini, qwen-plus)");
        // Judged only when valid: a bad value is reported once, as bad.
        if (!reader.Errors.Any(error => error.StartsWith(SettingNames.CardInterval + ":", StringComparison.Ordinal)))
            reader.Needs(SettingNames.CardInterval, SettingNames.CardTemplateId, "it paces writes into AI cards; set a card template or unset it");
    }

    // Cluster bootstrap's companions are judged against a valid EDGECRAB_CLUSTER_DISCOVERY only.
    private static void CheckBootstrap(SettingsReader reader, GatewaySettings settings)
    {
        var discovery = settings.ClusterDiscovery;
        reader.Fail(SettingNames.ClusterDiscovery, $"set, but so is {SettingNames.ClusterSeeds}; the nodes find each other either through seeds or through discovery, unset one",
            when: discovery != ClusterDiscovery.None && reader.Text(SettingNames.ClusterSeeds) is not null);
        reader.Fail(SettingNames.ClusterEndpoints, $"not set, but {SettingNames.ClusterDiscovery} is 'config'; list every node's management endpoint as host:port ({SettingNames.ClusterHost}:{SettingNames.ClusterManagementPort} of each)",
            when: discovery == ClusterDiscovery.Config && reader.Text(SettingNames.ClusterEndpoints) is null);
        // Akka.Discovery's config method splits an endpoint at its first ':'.
        foreach (var endpoint in settings.ClusterEndpoints.Where(e => e.Host.Contains(':')))
            reader.Fail(SettingNames.ClusterEndpoints, $"{SettingsReader.Quote(endpoint.ToString())}: IPv6 addresses are not supported here; use a host name");
        // Without it the node would tell the other pods to reach it at 127.0.0.1.
        reader.Fail(SettingNames.ClusterHost, $"not set, but {SettingNames.ClusterDiscovery} is 'kubernetes'; set it to the pod's IP (env valueFrom fieldRef status.podIP), where the other pods reach this one",
            when: discovery == ClusterDiscovery.Kubernetes && reader.Text(SettingNames.ClusterHost) is null);
        reader.Fail(SettingNames.ClusterEndpoints, $"set, but {SettingNames.ClusterDiscovery} is not 'config'; set both, or neither",
            when: discovery != ClusterDiscovery.Config && reader.Text(SettingNames.ClusterEndpoints) is not null);
        reader.Fail(SettingNames.ClusterPodSelector, $"set, but {SettingNames.ClusterDiscovery} is not 'kubernetes'; set both, or neither",
            when: discovery != ClusterDiscovery.Kubernetes && reader.Text(SettingNames.ClusterPodSelector) is not null);
        const string undiscovered = $"set, but {SettingNames.ClusterDiscovery} is not; set it to config or kubernetes, or unset this";
        reader.Fail(SettingNames.ClusterManagementPort, undiscovered, when: discovery == ClusterDiscovery.None && reader.Text(SettingNames.ClusterManagementPort) is not null);
        reader.Fail(SettingNames.ClusterRequiredContacts, undiscovered, when: discovery == ClusterDiscovery.None && reader.Text(SettingNames.ClusterRequiredContacts) is not null);
    }

    // HOME from the given environment first, so tests never land in the real ~/.edgecrab.
    private static string ResolveHome(SettingsReader layers)
    {
        var user = layers.Text("HOME") ?? layers.Text("USERPROFILE") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var given = layers.Text(SettingNames.Home);
        return Path.GetFullPath(given is null ? Path.Combine(user, ".edgecrab") : given == "~" ? user
            : given.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(user, given[2..]) : given);
    }
}
