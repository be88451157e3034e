using EdgeCrab.Gateway.Sessions;
using EdgeCrab.Host.Settings;
using Xunit;

namespace EdgeCrab.Host.Tests.Settings;

public sealed class SettingsPrecedenceSpecs : IDisposable
{
    private readonly TemporaryHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public void Command_line_should_win_over_environment_and_dotenv()
    {
        _home.WithDotEnv("EDGECRAB_MODEL=from-dotenv\nEDGECRAB_LLM_BASE_URL=http://localhost:1/v1\n");
        var result = GatewaySettingsLoader.Load(
            _home.Environment((SettingNames.Model, "from-env")),
            new Dictionary<string, string?> { [SettingNames.Model] = "from-command-line" });

        Assert.Equal("from-command-line", result.Settings!.Model);
    }

    [Fact]
    public void Environment_should_win_over_dotenv()
    {
        _home.WithDotEnv("EDGECRAB_BUSY_MODE=latest\n");

        Assert.Equal(BusyMode.Interrupt, _home.LoadValid((SettingNames.BusyMode, "interrupt")).BusyMode);
    }

    [Fact]
    public void Dotenv_should_win_over_defaults()
    {
        _home.WithDotEnv("EDGECRAB_BUSY_MODE=latest\nDINGTALK_ALLOWED_USERS=\"alice, bob\"\n");

        var settings = _home.LoadValid();

        Assert.Equal(BusyMode.Latest, settings.BusyMode);
        Assert.Equal(["alice", "bob"], settings.AllowedUsers.Order());
    }

    [Fact]
    public void Dotenv_should_never_override_a_real_environment_variable_even_an_empty_one()
    {
        _home.WithDotEnv("DINGTALK_APP_KEY=dotenv-key\nDINGTALK_APP_SECRET=dotenv-secret-123\nEDGECRAB_LOG_LEVEL=debug\n");

        var settings = _home.LoadValid((SettingNames.AppKey, ""), (SettingNames.AppSecret, ""), (SettingNames.LogLevel, "warning"));

        Assert.True(settings.IsEmulatorMode);
        Assert.Equal(GatewayLogLevel.Warning, settings.LogLevel);
    }

    [Fact]
    public void Loader_should_leave_the_process_environment_untouched_by_dotenv()
    {
        var name = "EDGECRAB_TEST_ONLY_" + Guid.NewGuid().ToString("N");
        _home.WithDotEnv($"{name}=leaked\n");

        _home.LoadValid();

        Assert.Null(Environment.GetEnvironmentVariable(name));
    }

    [Fact]
    public void Null_command_line_values_should_mean_not_given()
    {
        var result = GatewaySettingsLoader.Load(
            _home.Environment((SettingNames.BusyMode, "latest")),
            new Dictionary<string, string?> { [SettingNames.BusyMode] = null });

        Assert.Equal(BusyMode.Latest, result.Settings!.BusyMode);
    }

    [Fact]
    public void Home_from_the_command_line_should_decide_which_dotenv_is_read()
    {
        using var other = new TemporaryHome();
        other.WithDotEnv("EDGECRAB_BUSY_MODE=interrupt\n");
        _home.WithDotEnv("EDGECRAB_BUSY_MODE=latest\n");

        var result = GatewaySettingsLoader.Load(
            _home.Environment(),
            new Dictionary<string, string?> { [SettingNames.Home] = other.Path });

        Assert.Equal(other.Path, result.Settings!.Home);
        Assert.Equal(BusyMode.Interrupt, result.Settings.BusyMode);
    }

    [Fact]
    public void Home_should_default_to_dot_edgecrab_in_the_user_home()
    {
        var environment = new Dictionary<string, string?> { ["HOME"] = _home.Path };
        Directory.CreateDirectory(Path.Combine(_home.Path, ".edgecrab"));
        File.WriteAllText(Path.Combine(_home.Path, ".edgecrab", ".env"), "EDGECRAB_BUSY_MODE=latest\n");

        var settings = GatewaySettingsLoader.Load(environment, new Dictionary<string, string?>()).Settings!;

        Assert.Equal(Path.Combine(_home.Path, ".edgecrab"), settings.Home);
        Assert.Equal(BusyMode.Latest, settings.BusyMode);
        Assert.Equal(Path.Combine(_home.Path, ".edgecrab", "edgecrab.db"), settings.SqlitePath);
    }

    [Fact]
    public void Home_should_expand_a_leading_tilde()
    {
        var environment = new Dictionary<string, string?> { ["HOME"] = _home.Path, [SettingNames.Home] = "~/crab" };

        var settings = GatewaySettingsLoader.Load(environment, new Dictionary<string, string?>()).Settings!;

        Assert.Equal(Path.Combine(_home.Path, "crab"), settings.Home);
    }
}
