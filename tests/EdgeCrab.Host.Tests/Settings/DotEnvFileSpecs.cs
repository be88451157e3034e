using EdgeCrab.Host.Settings;
using Xunit;

namespace EdgeCrab.Host.Tests.Settings;

public sealed class DotEnvFileSpecs : IDisposable
{
    private readonly TemporaryHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public void Missing_file_should_read_as_empty()
    {
        Assert.True(DotEnvFile.TryRead(_home.DotEnvPath, out var values, out var error));
        Assert.Empty(values);
        Assert.Null(error);
    }

    [Fact]
    public void File_should_read_comments_export_and_quotes_as_people_write_them()
    {
        _home.WithDotEnv("""
            # a comment
            export DINGTALK_APP_KEY=dingkey
            DINGTALK_APP_SECRET='abc$def#ghi'
            EDGECRAB_MODEL="qwen plus"
            """);

        Assert.True(DotEnvFile.TryRead(_home.DotEnvPath, out var values, out _));
        Assert.Equal("dingkey", values["DINGTALK_APP_KEY"]);
        Assert.Equal("abc$def#ghi", values["DINGTALK_APP_SECRET"]);
        Assert.Equal("qwen plus", values["EDGECRAB_MODEL"]);
    }

    [Fact]
    public void File_values_should_be_its_own_even_when_the_process_has_the_variable()
    {
        // PATH is set in every process; DotNetEnv's no-clobber mode would hand back the process's value instead.
        _home.WithDotEnv("PATH=from-file\n");

        Assert.True(DotEnvFile.TryRead(_home.DotEnvPath, out var values, out _));
        Assert.Equal("from-file", values["PATH"]);
        Assert.NotEqual("from-file", Environment.GetEnvironmentVariable("PATH"));
    }
}
