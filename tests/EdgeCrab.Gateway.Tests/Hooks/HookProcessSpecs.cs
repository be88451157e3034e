using System.Diagnostics;
using System.Text.Json;
using EdgeCrab.Gateway.Hooks;
using EdgeCrab.Gateway.Tests.Support;
using Xunit;

namespace EdgeCrab.Gateway.Tests.Hooks;

/// <summary>Real handler scripts in bash, python3 and node, run as a hook runs them.</summary>
public sealed class HookProcessSpecs : IDisposable
{
    private readonly string _hooks = Path.Combine(Path.GetTempPath(), "edgecrab-hookrun-" + Guid.NewGuid().ToString("N"));

    private static readonly HookEvent Status = new("command:status", "cid-1", "manager001",
        new Dictionary<string, object?> { ["command"] = "status", ["arguments"] = "", ["sender_nick"] = "Nick 你好" });

    public void Dispose() => Directory.Delete(_hooks, recursive: true);

    private Hook Write(string handlerFile, string script, string manifest = "events: ['*']\ntimeout_secs: 5")
    {
        var folder = HookFolders.Write(_hooks, Guid.NewGuid().ToString("N")[..8], manifest, handlerFile, script);
        return Assert.IsType<HookLoad.Loaded>(HookFolder.Read(folder)).Hook;
    }

    [NeedsToolFact("bash")]
    public async Task A_bash_handler_should_read_the_event_on_stdin_and_cancel_with_its_reason()
    {
        var hook = Write("handler.sh", """
            input=$(cat)
            echo "$input" > seen.json
            echo '{"cancel": true, "reason": "status is off today"}'
            """);

        var run = await HookProcess.RunAsync(hook, Status);

        Assert.True(run.Succeeded, run.Problem);
        Assert.Equal(new HookAnswer.Cancel("status is off today"), run.Answer);
        // It ran in its own folder, and got EdgeCrab's event shape.
        using var seen = JsonDocument.Parse(File.ReadAllText(Path.Combine(hook.Directory, "seen.json")));
        Assert.Equal("command:status", seen.RootElement.GetProperty("event").GetString());
        Assert.Equal("cid-1", seen.RootElement.GetProperty("session_id").GetString());
        Assert.Equal("manager001", seen.RootElement.GetProperty("user_id").GetString());
        Assert.Equal("dingtalk", seen.RootElement.GetProperty("platform").GetString());
        Assert.Equal("Nick 你好", seen.RootElement.GetProperty("fields").GetProperty("sender_nick").GetString());
    }

    [NeedsToolFact("python3")]
    public async Task A_python_handler_should_answer_in_EdgeCrabs_documented_shape()
    {
        var hook = Write("handler.py", """
            import json, sys
            event = json.load(sys.stdin)
            print(json.dumps({"action": "cancel", "reason": "no " + event["fields"]["command"]}))
            """);

        var run = await HookProcess.RunAsync(hook, Status);

        Assert.True(run.Succeeded, run.Problem + run.Stderr);
        Assert.Equal(new HookAnswer.Cancel("no status"), run.Answer);
    }

    [NeedsToolFact("node")]
    public async Task A_node_handler_should_run_too()
    {
        var hook = Write("handler.js", """
            let input = "";
            process.stdin.on("data", d => input += d).on("end", () => console.log(JSON.stringify({ cancel: true, reason: JSON.parse(input).event })));
            """);

        var run = await HookProcess.RunAsync(hook, Status);

        Assert.Equal(new HookAnswer.Cancel("command:status"), run.Answer);
    }

    [NeedsToolFact("bash")]
    public async Task The_handler_should_see_only_PATH_HOME_LANG_and_its_own_env_never_the_gateways_secrets()
    {
        var hook = Write("handler.sh", "env > env.txt\n", "events: ['*']\nenv:\n  AUDIT_TARGET: audit.log\n");
        HookRun run;
        Environment.SetEnvironmentVariable("DINGTALK_APP_SECRET", "app-secret-never-for-hooks");
        Environment.SetEnvironmentVariable("EDGECRAB_LLM_API_KEY", "sk-never-for-hooks");
        try
        {
            run = await HookProcess.RunAsync(hook, Status);
        }
        finally
        {
            Environment.SetEnvironmentVariable("DINGTALK_APP_SECRET", null);
            Environment.SetEnvironmentVariable("EDGECRAB_LLM_API_KEY", null);
        }

        Assert.True(run.Succeeded, run.Problem + run.Stderr);
        var seen = File.ReadAllLines(Path.Combine(hook.Directory, "env.txt")).Where(l => l.Contains('='))
            .ToDictionary(l => l[..l.IndexOf('=')], l => l[(l.IndexOf('=') + 1)..]);
        Assert.Equal("audit.log", seen["AUDIT_TARGET"]);
        Assert.DoesNotContain("DINGTALK_APP_SECRET", seen.Keys);
        Assert.DoesNotContain("EDGECRAB_LLM_API_KEY", seen.Keys);
        Assert.DoesNotContain(seen.Values, value => value.Contains("never-for-hooks", StringComparison.Ordinal));
        // Nothing but the inherited three and the hook's own, besides what bash sets itself (PWD, SHLVL, _).
        Assert.Empty(seen.Keys.Except(["PATH", "HOME", "LANG", "AUDIT_TARGET", "PWD", "OLDPWD", "SHLVL", "_"]));
    }

    [NeedsToolFact("bash")]
    public async Task A_handler_past_its_timeout_should_be_killed_and_let_the_action_go_on()
    {
        var hook = Write("handler.sh", "sleep 30\necho '{\"cancel\": true}'\n", "events: ['*']\ntimeout_secs: 0.5");
        var clock = Stopwatch.StartNew();

        var run = await HookProcess.RunAsync(hook, Status);

        Assert.Same(HookAnswer.Continue.Instance, run.Answer);
        Assert.Equal("no answer within 0.5 s", run.Problem);
        // Killed, not waited out: the run is over long before the script's sleep would be.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(25), $"took {clock.Elapsed}");
    }

    [NeedsToolFact("python3")]
    public async Task A_crashing_handler_should_let_the_action_go_on_and_say_why()
    {
        var hook = Write("handler.py", "import sys\nprint('{\"cancel\": true}')\nraise SystemExit(3)\n");

        var run = await HookProcess.RunAsync(hook, Status);

        Assert.Same(HookAnswer.Continue.Instance, run.Answer);
        Assert.Equal("exited with code 3", run.Problem);
        Assert.Equal(3, run.ExitCode);
    }

    [NeedsToolFact("bash")]
    public async Task A_flood_of_output_should_be_cut_and_never_block_the_handler()
    {
        var hook = Write("handler.sh", "head -c 5000000 /dev/zero | tr '\\0' 'x'\nhead -c 5000000 /dev/zero | tr '\\0' 'y' >&2\n");

        var run = await HookProcess.RunAsync(hook, Status);

        Assert.True(run.Succeeded, run.Problem);
        Assert.Equal(HookProcess.MaxOutputChars, run.Stdout.Length);
        Assert.Equal(HookProcess.MaxOutputChars, run.Stderr.Length);
        Assert.Same(HookAnswer.Continue.Instance, run.Answer);
    }

    [Fact]
    public async Task A_handler_whose_program_is_missing_should_say_it_could_not_start()
    {
        var hook = Write("handler.sh", "exit 0\n") with { Runtime = HookRuntime.Executable, HandlerPath = Path.Combine(_hooks, "no-such-program") };

        var run = await HookProcess.RunAsync(hook, Status);

        Assert.Same(HookAnswer.Continue.Instance, run.Answer);
        Assert.StartsWith("could not start", run.Problem);
    }
}
