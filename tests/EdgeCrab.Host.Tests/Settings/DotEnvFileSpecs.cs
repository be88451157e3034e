using EdgeCrab.Host.Settings;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace EdgeCrab.Host.Tests.Settings;

/// <summary>The <c>.env</c> layer on its own: DotNetEnv's configuration provider as the loader sets it up.</summary>
public sealed class DotEnvFileSpecs : IDisposable
{
    private readonly TemporaryHome _home = new();

    public void Dispose() => _home.Dispose();

    private IConfigurationRoot Read() => new ConfigurationBuilder().Add(GatewaySettingsLoader.DotEnv(_home.DotEnvPath)).Build();

    [Fact]
    public void Missing_file_should_read_as_empty() => Assert.Empty(Read().AsEnumerable());

    [Fact]
    public void File_should_read_comments_export_and_quotes_as_people_write_them()
    {
        _home.WithDotEnv("""
            # a comment
            export DINGTALK_APP_KEY=dingkey
            DINGTALK_APP_SECRET='abc$def#ghi'
            EDGECRAB_MODEL="qwen plus"
            """);

        var values = Read();
        Assert.Equal("dingkey", values["DINGTALK_APP_KEY"]);
        Assert.Equal("abc$def#ghi", values["DINGTALK_APP_SECRET"]);
        Assert.Equal("qwen plus", values["EDGECRAB_MODEL"]);
    }

    [Fact]
    public void File_values_should_be_its_own_even_when_the_process_has_the_variable()
    {
        // PATH is set in every process; DotNetEnv's no-clobber mode would hand back the process's value instead.
        _home.WithDotEnv("PATH=from-file\n");

        Assert.Equal("from-file", Read()["PATH"]);
        Assert.NotEqual("from-file", Environment.GetEnvironmentVariable("PATH"));
    }
}
