using EdgeCrab.Gateway.Sessions;
using EdgeCrab.DingTalk;
using EdgeCrab.Host.Settings;
using Xunit;

namespace EdgeCrab.Host.Tests.Settings;

public sealed class SettingsDefaultsSpecs : IDisposable
{
    private readonly TemporaryHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public void Loader_should_default_every_setting_when_nothing_is_set()
    {
        var settings = _home.LoadValid();

        Assert.Equal(_home.Path, settings.Home);
        Assert.True(settings.IsEmulatorMode);
        Assert.Null(settings.Credentials);
        Assert.Null(settings.RobotCode);
        Assert.Empty(settings.AllowedUsers);
        Assert.Null(settings.WebhookPort);
        Assert.Equal(DingTalkEndpoints.Production, settings.Endpoints);
        Assert.Equal(Path.Combine(_home.Path, "edgecrab.db"), settings.SqlitePath);
        Assert.Equal(Path.Combine(_home.Path, "logs"), settings.LogsDirectory);
        Assert.Null(settings.Postgres);
        Assert.False(settings.UsesPostgres);
        Assert.Empty(settings.ClusterSeeds);
        Assert.False(settings.IsClustered);
        Assert.Null(settings.ClusterHost);
        Assert.Null(settings.ClusterPort);
        Assert.Equal(StreamOwner.EveryNode, settings.StreamOwner);
        Assert.Null(settings.HttpPort);
        Assert.Null(settings.LlmBaseUrl);
        Assert.Null(settings.LlmApiKey);
        Assert.Null(settings.Model);
        Assert.True(settings.UsesOfflineAgent);
        Assert.Equal(BusyMode.Queue, settings.BusyMode);
        Assert.Equal(32, settings.MaxConcurrentTurns);
        Assert.Equal(GatewayLogLevel.Info, settings.LogLevel);
        Assert.Equal(20_000, settings.MaxInboundChars);
        Assert.Equal(TimeSpan.FromMinutes(30), settings.PassivateAfter);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.AckTimeout);
        Assert.Equal(2000, settings.MaxCallbacksInFlight);
    }

    [Fact]
    public void Default_should_equal_what_the_loader_gives_for_an_empty_environment()
    {
        var loaded = _home.LoadValid();
        var made = GatewaySettings.Default(_home.Path) with { AllowedUsers = loaded.AllowedUsers, AdminUsers = loaded.AdminUsers, ClusterSeeds = loaded.ClusterSeeds, ClusterEndpoints = loaded.ClusterEndpoints };

        Assert.Equal(made, loaded);
    }

    [Fact]
    public void Credentials_should_leave_emulator_mode_and_default_the_robot_code_to_the_app_key()
    {
        var settings = _home.LoadValid((SettingNames.AppKey, "dingabc"), (SettingNames.AppSecret, "s3cret-value"));

        Assert.False(settings.IsEmulatorMode);
        Assert.Equal(new DingTalkCredentials("dingabc", "s3cret-value"), settings.Credentials);
        Assert.Equal("dingabc", settings.RobotCode);
    }

    [Fact]
    public void Robot_code_should_be_taken_when_given()
    {
        var settings = _home.LoadValid((SettingNames.AppKey, "dingabc"), (SettingNames.AppSecret, "s3cret-value"), (SettingNames.RobotCode, "robot-1"));

        Assert.Equal("robot-1", settings.RobotCode);
    }

    [Fact]
    public void Every_variable_should_be_read_into_its_typed_member()
    {
        var settings = _home.LoadValid(
            (SettingNames.AppKey, "dingabc"),
            (SettingNames.AppSecret, "s3cret-value"),
            (SettingNames.AllowedUsers, " alice,,bob ,alice"),
            (SettingNames.WebhookPort, "0"),
            (SettingNames.ApiBase, "http://127.0.0.1:5000"),
            (SettingNames.OapiBase, "http://127.0.0.1:5001/"),
            (SettingNames.Postgres, "Host=db;Database=edgecrab;Username=crab;Password=pg-pass-123"),
            (SettingNames.ClusterSeeds, "10.0.0.1:4053, node-b:4054,[::1]:4055"),
            (SettingNames.ClusterHost, "10.0.0.1"),
            (SettingNames.ClusterPort, "4053"),
            (SettingNames.StreamOwner, "Singleton"),
            (SettingNames.HttpPort, "8080"),
            (SettingNames.LlmBaseUrl, "https://dashscope.aliyuncs.com/compatible-mode/v1"),
            (SettingNames.LlmApiKey, "sk-llm-key-123"),
            (SettingNames.Model, "qwen-plus"),
            (SettingNames.BusyMode, "LATEST"),
            (SettingNames.MaxConcurrentTurns, "3"),
            (SettingNames.LogLevel, "warn"),
            (SettingNames.MaxInboundChars, "500"),
            (SettingNames.PassivateAfter, "2m"),
            (SettingNames.AckTimeout, "1500ms"),
            (SettingNames.MaxCallbacksInFlight, "64"));

        Assert.Equal(["alice", "bob"], settings.AllowedUsers.Order());
        Assert.Equal(0, settings.WebhookPort);
        Assert.Equal(new DingTalkEndpoints(new Uri("http://127.0.0.1:5000"), new Uri("http://127.0.0.1:5001/")), settings.Endpoints);
        Assert.True(settings.UsesPostgres);
        Assert.Equal([new ClusterSeed("10.0.0.1", 4053), new ClusterSeed("node-b", 4054), new ClusterSeed("::1", 4055)], settings.ClusterSeeds);
        Assert.True(settings.IsClustered);
        Assert.Equal("10.0.0.1", settings.ClusterHost);
        Assert.Equal(4053, settings.ClusterPort);
        Assert.Equal(StreamOwner.Singleton, settings.StreamOwner);
        Assert.Equal(8080, settings.HttpPort);
        Assert.Equal(new Uri("https://dashscope.aliyuncs.com/compatible-mode/v1"), settings.LlmBaseUrl);
        Assert.False(settings.UsesOfflineAgent);
        Assert.Equal("sk-llm-key-123", settings.LlmApiKey);
        Assert.Equal("qwen-plus", settings.Model);
        Assert.Equal(BusyMode.Latest, settings.BusyMode);
        Assert.Equal(3, settings.MaxConcurrentTurns);
        Assert.Equal(GatewayLogLevel.Warning, settings.LogLevel);
        Assert.Equal(500, settings.MaxInboundChars);
        Assert.Equal(TimeSpan.FromMinutes(2), settings.PassivateAfter);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), settings.AckTimeout);
        Assert.Equal(64, settings.MaxCallbacksInFlight);
        Assert.Equal(["pg-pass-123", "s3cret-value", "sk-llm-key-123"], settings.Secrets.Order());
    }

    [Theory]
    [InlineData("debug", GatewayLogLevel.Debug)]
    [InlineData("INFO", GatewayLogLevel.Info)]
    [InlineData("information", GatewayLogLevel.Info)]
    [InlineData("Warn", GatewayLogLevel.Warning)]
    [InlineData("warning", GatewayLogLevel.Warning)]
    public void Log_level_should_accept_the_common_spellings(string text, GatewayLogLevel expected) =>
        Assert.Equal(expected, _home.LoadValid((SettingNames.LogLevel, text)).LogLevel);

    [Theory]
    [InlineData("every-node", StreamOwner.EveryNode)]
    [InlineData("EVERY_NODE", StreamOwner.EveryNode)]
    [InlineData("singleton", StreamOwner.Singleton)]
    public void Stream_owner_should_accept_its_spellings(string text, StreamOwner expected) =>
        Assert.Equal(expected, _home.LoadValid(
            (SettingNames.StreamOwner, text), (SettingNames.ClusterSeeds, "a:1"), (SettingNames.Postgres, "Host=db"), (SettingNames.AppKey, "dingclusterkey"), (SettingNames.AppSecret, "cluster-secret-value")).StreamOwner);

    [Fact]
    public void Llm_without_api_key_should_be_valid_for_local_servers()
    {
        var settings = _home.LoadValid((SettingNames.LlmBaseUrl, "http://127.0.0.1:11434/v1"), (SettingNames.Model, "llama3"));

        Assert.Null(settings.LlmApiKey);
        Assert.False(settings.UsesOfflineAgent);
    }
}
