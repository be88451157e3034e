using EdgeCrab.Host.Settings;
using Xunit;

namespace EdgeCrab.Host.Tests.Settings;

public sealed class GatewaySettingsSpecs : IDisposable
{
    private readonly TemporaryHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public void ToString_should_show_settings_but_no_secret()
    {
        var settings = _home.LoadValid(
            (SettingNames.AppKey, "dingkey"),
            (SettingNames.AppSecret, "app-secret-123"),
            (SettingNames.LlmBaseUrl, "https://llm.example/v1"),
            (SettingNames.LlmApiKey, "sk-llm-456"),
            (SettingNames.Model, "qwen-plus"),
            (SettingNames.Postgres, "Host=db;Username=crab;Password=pg-pass-789"));

        var text = settings.ToString();

        Assert.Contains("dingkey", text);
        Assert.Contains("qwen-plus", text);
        Assert.Contains("https://llm.example/v1", text);
        Assert.DoesNotContain("app-secret-123", text);
        Assert.DoesNotContain("sk-llm-456", text);
        Assert.DoesNotContain("pg-pass-789", text);
        Assert.DoesNotContain("Password", text);
    }

    [Fact]
    public void Interpolation_should_not_show_secrets_either()
    {
        var settings = GatewaySettings.Default(_home.Path) with
        {
            Credentials = new("k", "app-secret-123"),
            LlmApiKey = "sk-llm-456",
        };

        var text = $"{settings} {settings.Credentials}";

        Assert.DoesNotContain("app-secret-123", text);
        Assert.DoesNotContain("sk-llm-456", text);
    }

    [Fact]
    public void Secrets_should_list_what_the_redactor_must_mask()
    {
        var settings = GatewaySettings.Default(_home.Path) with
        {
            Credentials = new("k", "app-secret-123"),
            LlmApiKey = "sk-llm-456",
            Postgres = "Host=db;PWD='pg-pass-789'",
        };

        Assert.Equal(["app-secret-123", "pg-pass-789", "sk-llm-456"], settings.Secrets.Order());
    }
}
