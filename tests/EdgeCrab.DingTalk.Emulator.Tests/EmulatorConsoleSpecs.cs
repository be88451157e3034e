using System.Net.Http.Json;

namespace EdgeCrab.DingTalk.Emulator.Tests;

/// <summary>The edgecrab emulator command's entry point and the emulator's generated identity.</summary>
public sealed class EmulatorConsoleSpecs
{
    [Fact]
    public async Task RunAsync_should_print_where_it_listens_and_the_credentials_then_stop_on_cancel()
    {
        var output = new StringWriter();
        using var stop = new CancellationTokenSource();

        var run = EmulatorConsole.RunAsync(0, "dingconsolekey", "console-secret-123456", TextWriter.Synchronized(output), stop.Token);
        var lines = await Eventually.Get(() => Task.FromResult(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)),
            l => l.Length >= 3 || run.IsCompleted, "the banner");

        Assert.Matches(@"^DingTalk emulator listening on http://127\.0\.0\.1:\d+$", lines[0].TrimEnd('\r'));
        Assert.Equal("AppKey: dingconsolekey", lines[1].TrimEnd('\r'));
        Assert.Equal("AppSecret: console-secret-123456", lines[2].TrimEnd('\r'));
        using var http = new HttpClient();
        var baseUrl = lines[0].TrimEnd('\r')["DingTalk emulator listening on ".Length..];
        using var token = await http.PostAsJsonAsync(baseUrl + "/v1.0/oauth2/accessToken", new { appKey = "dingconsolekey", appSecret = "console-secret-123456" });
        Assert.True(token.IsSuccessStatusCode);

        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task Emulator_should_generate_credentials_when_none_are_given()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());

        Assert.StartsWith("ding", emulator.Credentials.AppKey);
        Assert.True(emulator.Credentials.AppSecret.Length >= 32);
        Assert.Equal(emulator.Credentials.AppKey, emulator.RobotCode);
        Assert.Equal("127.0.0.1", emulator.BaseUri.Host);
        Assert.DoesNotContain(emulator.Credentials.AppSecret, emulator.Credentials.ToString());
    }

    [Fact]
    public async Task RunAsync_should_say_so_and_return_1_when_the_port_is_taken()
    {
        await using var first = await DingTalkEmulator.StartAsync(new EmulatorOptions());
        var output = new StringWriter();

        var code = await EmulatorConsole.RunAsync(first.BaseUri.Port, null, null, output, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(1, code);
        Assert.StartsWith($"DingTalk emulator cannot listen on 127.0.0.1:{first.BaseUri.Port}", output.ToString());
    }

    [Fact]
    public async Task Options_that_cannot_work_should_be_refused_by_name()
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => DingTalkEmulator.StartAsync(new EmulatorOptions { PingInterval = TimeSpan.Zero }));

        Assert.Equal("PingInterval", error.ParamName);
    }
}
