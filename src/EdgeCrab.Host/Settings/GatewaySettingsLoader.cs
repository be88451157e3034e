using DotNetEnv;
using DotNetEnv.Configuration;
using EdgeCrab.DingTalk;
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
    private const string Unclustered = "list the seed nodes (this node's own host:port starts a new cluster)";
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
            WebhookPort = reader.Port(SettingNames.WebhookPort, defaults.WebhookPort),
            Endpoints = new(reader.HttpUrl(SettingNames.ApiBase, defaults.Endpoints.ApiBase)!, reader.HttpUrl(SettingNames.OapiBase, defaults.Endpoints.OapiBase)!),
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
    }

    // Checked on the raw text, so a bad value is reported once, as bad, not also as missing.
    private static void CheckTogether(SettingsReader reader, GatewaySettings settings)
    {
        reader.Requires(SettingNames.AppSecret, SettingNames.AppKey, Unpaired);
        reader.Requires(SettingNames.AppKey, SettingNames.AppSecret, Unpaired);
        // Each node's own SQLite file would strand a dead node's conversations: the cluster needs one shared journal.
        reader.Requires(SettingNames.Postgres, SettingNames.ClusterSeeds, "a cluster keeps its journal in PostgreSQL");
        // Without credentials every node would start its own private emulator: the nodes must share one DingTalk.
        reader.Requires(SettingNames.AppKey, SettingNames.ClusterSeeds, $"all nodes need the same DingTalk (to try a cluster locally, run `edgecrab emulator --app-key K --app-secret S` and point {SettingNames.ApiBase} and {SettingNames.OapiBase} at it)");
        reader.Needs(SettingNames.ClusterPort, SettingNames.ClusterSeeds, Unclustered);
        reader.Needs(SettingNames.ClusterHost, SettingNames.ClusterSeeds, Unclustered);
        reader.Fail(SettingNames.StreamOwner, $"'singleton' needs a cluster, but {SettingNames.ClusterSeeds} is not set",
            when: settings.StreamOwner == StreamOwner.Singleton && reader.Text(SettingNames.ClusterSeeds) is null);
        // A key or model without an endpoint would silently run the offline agent; say so instead.
        reader.Needs(SettingNames.LlmApiKey, SettingNames.LlmBaseUrl, Offline);
        reader.Needs(SettingNames.Model, SettingNames.LlmBaseUrl, Offline);
        reader.Requires(SettingNames.Model, SettingNames.LlmBaseUrl, "name the model to ask (e.g. gpt-4o-mini, qwen-plus)");
        // Answers go out as markdown messages until AI cards work: a template id that silently changed nothing would mislead.
        reader.Fail(SettingNames.CardTemplateId, "AI cards are not supported yet; unset it (answers are sent as markdown messages)",
            when: reader.Text(SettingNames.CardTemplateId) is not null);
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
