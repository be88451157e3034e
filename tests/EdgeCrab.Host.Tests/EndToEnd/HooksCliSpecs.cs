using Xunit;

namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary><c>edgecrab hooks list|test</c>: a user sees and tries their hooks without a chat.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class HooksCliSpecs : IDisposable
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), "edgecrab-hookscli-" + Guid.NewGuid().ToString("N"));

    public HooksCliSpecs()
    {
        Hook("guard", "name: guard\nevents: ['command:status']\npriority: 10",
            "input=$(cat)\necho \"got $input\" >&2\necho '{\"cancel\": true, \"reason\": \"status is off today\"}'\n");
        Hook("broken", "events: [", "exit 0\n");
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private void Hook(string name, string manifest, string script) => HookFolders.Write(Path.Combine(_home, "hooks"), name, manifest, script: script);

    [Fact]
    public async Task Hooks_list_should_print_what_the_chat_command_shows()
    {
        var (exit, output, _) = await EdgecrabCli.RunAsync("hooks", "list", "--home", _home);

        Assert.Equal(0, exit);
        Assert.Contains("1 hook(s) loaded from hooks/:", output);
        Assert.Contains("• guard [shell] p=10", output);
        Assert.Contains("• hooks/broken: HOOK.yaml is not valid YAML", output);
        Assert.DoesNotContain(_home, output);
    }

    [Fact]
    public async Task Hooks_test_should_run_the_hook_with_a_sample_event_and_print_its_answer()
    {
        var (exit, output, _) = await EdgecrabCli.RunAsync("hooks", "test", "guard", "command:status", "--home", _home);

        Assert.Equal(0, exit);
        Assert.Contains("\"event\":\"command:status\"", output);
        Assert.Contains("\"command\":\"status\"", output);
        Assert.Contains("stderr:   got {", output);
        Assert.Contains("answer:   cancel: status is off today", output);
    }

    [Fact]
    public async Task Hooks_test_should_refuse_a_missing_or_broken_hook_in_one_line()
    {
        var missing = await EdgecrabCli.RunAsync("hooks", "test", "nobody", "command:status", "--home", _home);
        Assert.Equal(1, missing.Exit);
        Assert.Contains("no hook 'nobody' in hooks/", missing.Err);

        var broken = await EdgecrabCli.RunAsync("hooks", "test", "broken", "command:status", "--home", _home);
        Assert.Equal(1, broken.Exit);
        Assert.Contains("hooks/broken is not loaded: HOOK.yaml is not valid YAML", broken.Err);
    }
}
