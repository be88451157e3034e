using DotNetEnv;
using DotNetEnv.Configuration;
using EdgeCrab.DingTalk;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Memory;
using Sprache;

namespace EdgeCrab.Host.Settings;

/// <summary>
/// Builds <see cref="GatewaySettings"/> from command-line options &gt; environment variables &gt; <c>$EDGECRAB_HOME/.env</c>
/// &gt; defaults, layered by Microsoft.Extensions.Configuration, and checks them in one pass that reports every bad or
/// missing value as one line naming the variable.
/// </summary>
public static class GatewaySettingsLoader
{
    private const string Unpaired = "set both for DingTalk, or neither for the local emulator";
    private const string Unclustered = $"set, but {SettingNames.ClusterSeeds} is not; list the seed nodes (this node's own host:port starts a new cluster)";
    private const string Offline = $"set, but {SettingNames.LlmBaseUrl} is not; set the endpoint too (e.g. https://api.openai.com/v1), or unset it for the offline agent";

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
            return SettingsResult.Invalid([ex is IOException or UnauthorizedAccessException ? $"{SettingNames.Home}: cannot read {dotEnvPath}: {ex.Message}"
                : $"{SettingNames.Home}: {dotEnvPath} is not a valid .env file{(ex is ParseException { Position: { } at } ? $" (line {at.Line}, column {at.Column})" : "")}"]);
        }
        var reader = new SettingsReader(configuration, dotEnvPath);
        if (configuration.Providers.First().TryGet(SettingNames.Home, out _))
            reader.Fail(SettingNames.Home, $"cannot be set in {dotEnvPath}, the .env file it locates; set it in the environment or on the command line");
        var settings = Read(reader, GatewaySettings.Default(home));
        return reader.Errors.Count == 0 ? SettingsResult.Valid(settings) : SettingsResult.Invalid(reader.Errors);
    }

    private static GatewaySettings Read(SettingsReader reader, GatewaySettings defaults)
    {
        var credentials = ReadCredentials(reader);
        var settings = defaults with
        {
            Credentials = credentials,
            RobotCode = reader.Text(SettingNames.RobotCode) ?? credentials?.AppKey,
            AllowedUsers = reader.List(SettingNames.AllowedUsers).ToHashSet(StringComparer.Ordinal),
            WebhookPort = reader.Port(SettingNames.WebhookPort, defaults.WebhookPort),
            Endpoints = new DingTalkEndpoints(
                reader.HttpUrl(SettingNames.ApiBase, defaults.Endpoints.ApiBase)!, reader.HttpUrl(SettingNames.OapiBase, defaults.Endpoints.OapiBase)!),
            Postgres = reader.Read(SettingNames.Postgres, defaults.Postgres, "a PostgreSQL connection string (expected Host=…;Database=…;Username=…;Password=…)",
                (string text, out string? postgres) => PostgresConnectionString.LooksValid(postgres = text), secret: true),
            ClusterSeeds = reader.List(SettingNames.ClusterSeeds).Select(entry =>
                reader.Read<ClusterSeed?>(SettingNames.ClusterSeeds, null, "host:port (port 1-65535)", ClusterSeed.TryParse, entry)).OfType<ClusterSeed>().ToList(),
            ClusterHost = reader.Read(SettingNames.ClusterHost, defaults.ClusterHost, "a host name or IP address",
                (string text, out string? host) => Uri.CheckHostName(host = text) != UriHostNameType.Unknown),
            ClusterPort = reader.Port(SettingNames.ClusterPort, defaults.ClusterPort),
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
        CheckCluster(reader, settings);
        CheckAgent(reader, settings);
        // Answers go out as markdown messages until AI cards work: a template id that silently changed nothing would mislead.
        if (reader.Text(SettingNames.CardTemplateId) is not null)
            reader.Fail(SettingNames.CardTemplateId, "AI cards are not supported yet; unset it (answers are sent as markdown messages)");
        return settings;
    }

    private static DingTalkCredentials? ReadCredentials(SettingsReader reader)
    {
        var (appKey, appSecret) = (reader.Text(SettingNames.AppKey), reader.Text(SettingNames.AppSecret));
        if (appKey is not null && appSecret is not null) return new DingTalkCredentials(appKey, appSecret);
        if (appKey is not null) reader.Fail(SettingNames.AppSecret, $"not set, but {SettingNames.AppKey} is; {Unpaired}");
        if (appSecret is not null) reader.Fail(SettingNames.AppKey, $"not set, but {SettingNames.AppSecret} is; {Unpaired}");
        return null;
    }

    private static void CheckCluster(SettingsReader reader, GatewaySettings settings)
    {
        // On the raw text, so a bad seed list or connection string is reported once, as bad, not also as missing.
        if (reader.Text(SettingNames.ClusterSeeds) is not null)
        {
            // Each node's own SQLite file would strand a dead node's conversations: the cluster needs one shared journal.
            if (reader.Text(SettingNames.Postgres) is null)
                reader.Fail(SettingNames.Postgres, $"not set, but {SettingNames.ClusterSeeds} is; a cluster keeps its journal in PostgreSQL");
            // Without credentials every node would start its own private emulator: the nodes must share one DingTalk.
            if (reader.Text(SettingNames.AppKey) is null)
                reader.Fail(SettingNames.AppKey, $"not set, but {SettingNames.ClusterSeeds} is; all nodes need the same DingTalk (to try a cluster locally, run `edgecrab emulator --app-key K --app-secret S` and point {SettingNames.ApiBase} and {SettingNames.OapiBase} at it)");
            return;
        }
        if (settings.ClusterPort is not null) reader.Fail(SettingNames.ClusterPort, Unclustered);
        if (settings.ClusterHost is not null) reader.Fail(SettingNames.ClusterHost, Unclustered);
        if (settings.StreamOwner == StreamOwner.Singleton)
            reader.Fail(SettingNames.StreamOwner, $"'singleton' needs a cluster, but {SettingNames.ClusterSeeds} is not set");
    }

    private static void CheckAgent(SettingsReader reader, GatewaySettings settings)
    {
        // A key or model without an endpoint would silently run the offline agent; say so instead.
        if (reader.Text(SettingNames.LlmBaseUrl) is null)
        {
            if (settings.LlmApiKey is not null) reader.Fail(SettingNames.LlmApiKey, Offline);
            if (settings.Model is not null) reader.Fail(SettingNames.Model, Offline);
        }
        else if (settings.Model is null)
        {
            reader.Fail(SettingNames.Model, $"not set, but {SettingNames.LlmBaseUrl} is; name the model to ask (e.g. gpt-4o-mini, qwen-plus)");
        }
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
