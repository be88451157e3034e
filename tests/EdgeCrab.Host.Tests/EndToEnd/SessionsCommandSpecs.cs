using Xunit;

namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary>Tests that redirect the process console; they must not run beside each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "process console";
}

/// <summary><c>edgecrab sessions list|show</c> read the history back from the journal a gateway wrote.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class SessionsCommandSpecs
{
    private static Task<(int Exit, string Out, string Err)> Edgecrab(params string[] args) => EdgecrabCli.RunAsync(args);

    [Fact]
    public async Task Sessions_list_and_show_should_print_what_the_journal_holds()
    {
        await using var t = await GatewayUnderTest.StartAsync();
        await t.Control.DmAsync("cid-history", "manager001", "what is in the journal?");
        await t.Control.GroupAsync("cid-history-group", "user002", "/help", atRobot: true);
        await Eventually.Get(() => t.Control.RobotRepliesAsync("cid-history"), r => r.Count == 1, "the DM answer");
        await Eventually.Get(() => t.Control.RobotRepliesAsync("cid-history-group"), r => r.Count == 1, "the group answer");
        await t.App!.StopAsync();

        var list = await Edgecrab("sessions", "list", "--home", t.Home);
        Assert.Equal(0, list.Exit);
        Assert.Contains("cid-history\tdirect\t1 message(s)", list.Out);
        Assert.Contains("cid-history-group\tgroup\t1 message(s)", list.Out);

        var show = await Edgecrab("sessions", "show", "cid-history", "--home", t.Home);
        Assert.Equal(0, show.Exit);
        Assert.Contains("Nick manager001 (manager001): what is in the journal?", show.Out);
        Assert.Contains("robot: (offline agent) You said: what is in the journal?", show.Out);
        Assert.Contains("delivered via sessionWebhook", show.Out);

        var missing = await Edgecrab("sessions", "show", "cid-nobody", "--home", t.Home);
        Assert.Equal(1, missing.Exit);
        Assert.Contains("no conversation 'cid-nobody'", missing.Err);
    }

    [Fact]
    public async Task A_bad_setting_should_stop_start_up_with_one_clear_line_and_a_non_zero_exit()
    {
        var home = Path.Combine(Path.GetTempPath(), "edgecrab-e2e", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        var result = await Edgecrab("gateway", "start", "--home", home, "--busy-mode", "sometimes");
        Assert.Equal(2, result.Exit);
        var line = Assert.Single(result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("edgecrab: EDGECRAB_BUSY_MODE", line);
        Directory.Delete(home, recursive: true);
    }
}
