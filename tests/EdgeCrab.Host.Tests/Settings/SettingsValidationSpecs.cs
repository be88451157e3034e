using System.Text.RegularExpressions;
using EdgeCrab.Host.Settings;
using Xunit;

namespace EdgeCrab.Host.Tests.Settings;

public sealed class SettingsValidationSpecs : IDisposable
{
    private const string Secret = "super-secret-value-42";
    private readonly TemporaryHome _home = new();

    public void Dispose() => _home.Dispose();

    [Theory]
    [InlineData(SettingNames.ClusterPort, "abc", "EDGECRAB_CLUSTER_PORT: 'abc' is not a port number (0-65535, 0 = auto-assigned)")]
    [InlineData(SettingNames.WebhookPort, "65536", "DINGTALK_WEBHOOK_PORT: '65536' is not a port number (0-65535, 0 = auto-assigned)")]
    [InlineData(SettingNames.HttpPort, "-1", "EDGECRAB_HTTP_PORT: '-1' is not a port number (0-65535, 0 = auto-assigned)")]
    [InlineData(SettingNames.ApiBase, "api.dingtalk.com", "DINGTALK_API_BASE: 'api.dingtalk.com' is not an absolute http(s) URL (e.g. https://host/path)")]
    [InlineData(SettingNames.OapiBase, "ftp://oapi.dingtalk.com", "DINGTALK_OAPI_BASE: 'ftp://oapi.dingtalk.com' is not an absolute http(s) URL (e.g. https://host/path)")]
    [InlineData(SettingNames.BusyMode, "fast", "EDGECRAB_BUSY_MODE: 'fast' is not one of queue, interrupt, latest")]
    [InlineData(SettingNames.StreamOwner, "one", "EDGECRAB_STREAM_OWNER: 'one' is not one of every-node, singleton")]
    [InlineData(SettingNames.LogLevel, "trace", "EDGECRAB_LOG_LEVEL: 'trace' is not one of debug, info, warning")]
    [InlineData(SettingNames.ClusterHost, "bad host", "EDGECRAB_CLUSTER_HOST: 'bad host' is not a host name or IP address")]
    [InlineData(SettingNames.MaxInboundChars, "0", "EDGECRAB_MAX_INBOUND_CHARS: '0' is not a positive whole number")]
    [InlineData(SettingNames.MaxConcurrentTurns, "0", "EDGECRAB_MAX_CONCURRENT_TURNS: '0' is not a positive whole number")]
    [InlineData(SettingNames.PassivateAfter, "soon", "EDGECRAB_PASSIVATE_AFTER: 'soon' is not a positive duration (e.g. 500ms, 10s, 30m, 2h or 00:30:00)")]
    [InlineData(SettingNames.MaxCallbacksInFlight, "-3", "EDGECRAB_MAX_CALLBACKS_IN_FLIGHT: '-3' is not a positive whole number")]
    [InlineData(SettingNames.AckTimeout, "0s", "EDGECRAB_ACK_TIMEOUT: '0s' is not a positive duration (e.g. 500ms, 10s, 30m, 2h or 00:30:00)")]
    [InlineData(SettingNames.CardInterval, "100ms", "EDGECRAB_CARD_INTERVAL: '100ms' is not a duration of at least 300ms (e.g. 500ms, 1s)")]
    public void Bad_value_should_give_one_line_naming_the_variable(string name, string value, string expected)
    {
        // Cluster host and port need seeds (and seeds PostgreSQL) to be judged on their own.
        var result = _home.Load((name, value), (SettingNames.ClusterSeeds, "a:1"), (SettingNames.Postgres, "Host=db"), (SettingNames.AppKey, "dingclusterkey"), (SettingNames.AppSecret, "cluster-secret-value"));

        Assert.Equal([expected], result.Errors);
        Assert.Null(result.Settings);
    }

    [Fact]
    public void App_key_without_secret_should_be_an_error()
    {
        var result = _home.Load((SettingNames.AppKey, "dingabc"));

        Assert.Equal(["DINGTALK_APP_SECRET: not set, but DINGTALK_APP_KEY is; set both for DingTalk, or neither for the local emulator"], result.Errors);
    }

    [Fact]
    public void Secret_without_app_key_should_be_an_error_that_does_not_show_the_secret()
    {
        var result = _home.Load((SettingNames.AppSecret, Secret));

        Assert.Equal(["DINGTALK_APP_KEY: not set, but DINGTALK_APP_SECRET is; set both for DingTalk, or neither for the local emulator"], result.Errors);
    }

    [Theory]
    [InlineData("node-a")]
    [InlineData("node-a:0")]
    [InlineData("node-a:port")]
    [InlineData(":4053")]
    public void Bad_seed_should_be_named_in_its_line(string seed)
    {
        var result = _home.Load((SettingNames.ClusterSeeds, $"ok:1,{seed}"), (SettingNames.Postgres, "Host=db"), (SettingNames.AppKey, "dingclusterkey"), (SettingNames.AppSecret, "cluster-secret-value"));

        Assert.Equal([$"EDGECRAB_CLUSTER_SEEDS: '{seed}' is not host:port (port 1-65535)"], result.Errors);
    }

    [Fact]
    public void Singleton_stream_owner_without_seeds_should_be_an_error()
    {
        var result = _home.Load((SettingNames.StreamOwner, "singleton"));

        Assert.Equal(["EDGECRAB_STREAM_OWNER: 'singleton' needs a cluster, but neither EDGECRAB_CLUSTER_SEEDS nor EDGECRAB_CLUSTER_DISCOVERY is set"], result.Errors);
    }

    [Fact]
    public void Cluster_port_and_host_without_seeds_should_be_errors()
    {
        var result = _home.Load((SettingNames.ClusterPort, "4053"), (SettingNames.ClusterHost, "node-a"));

        Assert.Equal(
        [
            "EDGECRAB_CLUSTER_PORT: set, but neither EDGECRAB_CLUSTER_SEEDS nor EDGECRAB_CLUSTER_DISCOVERY is; list the seed nodes (this node's own host:port starts a new cluster) or choose a discovery",
            "EDGECRAB_CLUSTER_HOST: set, but neither EDGECRAB_CLUSTER_SEEDS nor EDGECRAB_CLUSTER_DISCOVERY is; list the seed nodes (this node's own host:port starts a new cluster) or choose a discovery",
        ], result.Errors);
    }

    [Fact]
    public void Cluster_without_postgres_should_be_an_error()
    {
        var result = _home.Load((SettingNames.ClusterSeeds, "node-a:4053"), (SettingNames.AppKey, "dingclusterkey"), (SettingNames.AppSecret, "cluster-secret-value"));

        Assert.Equal(["EDGECRAB_POSTGRES: not set, but EDGECRAB_CLUSTER_SEEDS is; a cluster keeps its journal in PostgreSQL"], result.Errors);
    }

    [Fact]
    public void Cluster_without_dingtalk_credentials_should_be_an_error()
    {
        // Each node would otherwise start its own private emulator, and no two nodes would see the same DingTalk.
        var result = _home.Load((SettingNames.ClusterSeeds, "node-a:4053"), (SettingNames.Postgres, "Host=db"));

        var line = Assert.Single(result.Errors);
        Assert.StartsWith("DINGTALK_APP_KEY: not set, but EDGECRAB_CLUSTER_SEEDS is; all nodes need the same DingTalk", line);
    }

    [Fact]
    public void Bad_postgres_connection_string_should_be_an_error_that_does_not_show_it()
    {
        var result = _home.Load((SettingNames.Postgres, $"postgres://crab:{Secret}@db/edgecrab"));

        Assert.Equal(["EDGECRAB_POSTGRES: is not a PostgreSQL connection string (expected Host=…;Database=…;Username=…;Password=…)"], result.Errors);
    }

    [Fact]
    public void Url_with_a_password_should_be_an_error_that_does_not_show_it()
    {
        var result = _home.Load((SettingNames.LlmBaseUrl, $"https://crab:{Secret}@llm.example/v1"), (SettingNames.Model, "m"));

        Assert.Equal(["EDGECRAB_LLM_BASE_URL: must not carry a user name or password in the URL"], result.Errors);
    }

    [Fact]
    public void Llm_key_and_model_without_base_url_should_be_errors_that_do_not_show_the_key()
    {
        var result = _home.Load((SettingNames.LlmApiKey, Secret), (SettingNames.Model, "gpt"));

        const string offline = "set, but EDGECRAB_LLM_BASE_URL is not; set the endpoint too (e.g. https://api.openai.com/v1), or unset it for the offline agent";
        Assert.Equal([$"EDGECRAB_LLM_API_KEY: {offline}", $"EDGECRAB_MODEL: {offline}"], result.Errors);
    }

    [Fact]
    public void Llm_base_url_without_model_should_be_an_error()
    {
        var result = _home.Load((SettingNames.LlmBaseUrl, "http://127.0.0.1:11434/v1"));

        Assert.Equal(["EDGECRAB_MODEL: not set, but EDGECRAB_LLM_BASE_URL is; name the model to ask (e.g. gpt-4o-mini, qwen-plus)"], result.Errors);
    }

    [Fact]
    public void Every_problem_should_be_reported_at_once()
    {
        var result = _home.Load((SettingNames.HttpPort, "x"), (SettingNames.BusyMode, "y"), (SettingNames.AppKey, "k"));

        Assert.Equal(3, result.Errors.Count);
    }

    [Fact]
    public void Bad_value_from_dotenv_should_say_which_file_it_came_from()
    {
        _home.WithDotEnv("EDGECRAB_HTTP_PORT=eighty\n");

        var result = _home.Load();

        Assert.Equal([$"EDGECRAB_HTTP_PORT: 'eighty' is not a port number (0-65535, 0 = auto-assigned) (from {_home.DotEnvPath})"], result.Errors);
    }

    [Fact]
    public void Home_set_inside_its_own_dotenv_should_be_an_error()
    {
        _home.WithDotEnv("EDGECRAB_HOME=/elsewhere\n");

        var result = _home.Load();

        Assert.Equal([$"EDGECRAB_HOME: cannot be set in {_home.DotEnvPath}, the .env file it locates; set it in the environment or on the command line"], result.Errors);
    }

    [Fact]
    public void Unparsable_dotenv_should_name_the_file_and_position_but_not_its_text()
    {
        _home.WithDotEnv($"DINGTALK_APP_SECRET='{Secret}\n");

        var result = _home.Load();

        var error = Assert.Single(result.Errors);
        Assert.Matches($@"^EDGECRAB_HOME: {Regex.Escape(_home.DotEnvPath)} is not a valid \.env file \(line \d+, column \d+\)$", error);
        Assert.DoesNotContain(Secret, error);
    }

    [Fact]
    public void No_error_line_should_ever_contain_a_secret()
    {
        var result = _home.Load(
            (SettingNames.AppSecret, Secret),
            (SettingNames.LlmApiKey, Secret + "-llm"),
            (SettingNames.Postgres, $"Password={Secret}-pg"),
            (SettingNames.LlmBaseUrl, $"not a url?access_token={Secret}-token"));

        Assert.NotEmpty(result.Errors);
        Assert.All(result.Errors, line => Assert.DoesNotContain(Secret, line));
    }
}
