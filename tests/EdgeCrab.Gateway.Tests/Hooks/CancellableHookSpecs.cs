using Akka.Actor;
using EdgeCrab.Gateway.Hooks;
using EdgeCrab.Gateway.Sessions;
using EdgeCrab.Gateway.Tests.Support;
using Xunit;
using static EdgeCrab.Gateway.Sessions.ConversationSessionProtocol;

namespace EdgeCrab.Gateway.Tests.Hooks;

/// <summary>
/// Hooks that may cancel (<c>command:*</c>, <c>agent:start</c>) and the events a conversation raises around them, with
/// real bash and python3 handlers and the node's real hook runner beside sharded sessions on a real SQLite journal.
/// </summary>
public sealed class CancellableHookSpecs : IAsyncLifetime
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(15);
    private readonly SqliteJournal _journal = new();
    private readonly string _hooks;
    private readonly HookCatalog _catalog;
    private readonly ScriptedAgent _agent = new();
    private readonly RecordingReplySender _sender = new();
    private readonly List<OneNodeSessions> _nodes = [];

    public CancellableHookSpecs()
    {
        _hooks = Path.Combine(_journal.Folder, "hooks");
        _catalog = new HookCatalog(_hooks);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes) await node.DisposeAsync();
        _catalog.Dispose();
        _journal.Dispose();
    }

    /// <summary>Writes a hook and makes the catalog read it before anything is sent (no waiting for the folder watch).</summary>
    private string Hook(string folder, string manifest, string script, string handler = "handler.sh")
    {
        var written = HookFolders.Write(_hooks, folder, manifest, handler, script);
        _catalog.Refresh();
        Assert.Contains(_catalog.Current, load => load is HookLoad.Loaded loaded && loaded.Hook.Folder == folder);
        return written;
    }

    private async Task<OneNodeSessions> Start()
    {
        var deps = new SessionDependencies(SessionOptions.Default, _agent, _sender, TimeProvider.System,
            TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30), HistoryWindow.Default) { Hooks = _catalog };
        var node = await OneNodeSessions.StartAsync(_journal, deps);
        _nodes.Add(node);
        return node;
    }

    private static Task<Accepted> Deliver(OneNodeSessions node, InboundMessage message) =>
        node.Sessions.Ask<Accepted>(new Deliver(message), AskTimeout);

    private Task Answered(string text, string what) => Eventually.True(() => _sender.Texts.Contains(text), what);

    private static string[] Lines(string file) => File.Exists(file) ? File.ReadAllLines(file) : [];

    [NeedsToolFact("bash")]
    public async Task A_command_status_hook_that_cancels_should_stop_the_command_and_show_its_reason()
    {
        Hook("no-status", "events: ['command:status']", """
            input=$(cat)
            case "$input" in *'"command":"status"'*) echo '{"cancel": true, "reason": "status is off during the audit"}' ;; esac
            """);
        var node = await Start();
        await Deliver(node, Inbound.Dm("/status"));
        await Answered("⛔ Cancelled by a local hook: status is off during the audit", "the cancel reason");
        await Deliver(node, Inbound.Dm("/usage"));
        await Eventually.True(() => _sender.Texts.Count == 2, "the next command answered");
        Assert.DoesNotContain(_sender.Texts, t => t.StartsWith("Idle", StringComparison.Ordinal) || t.Contains("Running", StringComparison.Ordinal));
    }

    [NeedsToolFact("bash", "python3")]
    public async Task Hooks_should_run_by_priority_and_the_first_cancel_should_win()
    {
        var order = Path.Combine(_journal.Folder, "order.log");
        // Folder names sort the other way round: only the priorities give the order.
        Hook("a-last", "events: ['command:*']\npriority: 90", $"cat > /dev/null\necho last >> {order}\necho '{{\"cancel\": true, \"reason\": \"the last hook\"}}'\n");
        Hook("b-second", "events: ['command:new']\npriority: 20", $"cat > /dev/null\necho second >> {order}\necho '{{\"action\": \"cancel\", \"reason\": \"the second hook\"}}'\n");
        Hook("c-first", "events: ['command:*']\npriority: 10", $$"""
            import sys
            sys.stdin.read()
            open({{System.Text.Json.JsonSerializer.Serialize(order)}}, "a").write("first\n")
            print("{}")
            """, handler: "handler.py");
        var node = await Start();
        await Deliver(node, Inbound.Dm("/new"));
        await Answered("⛔ Cancelled by a local hook: the second hook", "the second hook's cancel");
        Assert.Equal(["first", "second"], Lines(order));
    }

    [NeedsToolFact("bash", "python3")]
    public async Task A_hook_past_its_timeout_and_a_crashing_hook_should_let_the_command_go_on()
    {
        Hook("sleeper", "events: ['command:usage']\ntimeout_secs: 1\npriority: 1", """
            cat > /dev/null
            sleep 30
            echo '{"cancel": true, "reason": "too late to count"}'
            """);
        Hook("crasher", "events: ['command:usage']\npriority: 2", """
            import sys
            print('{"cancel": true, "reason": "half written"')
            raise RuntimeError("the handler broke")
            """, handler: "handler.py");
        var node = await Start();
        await Deliver(node, Inbound.Dm("/usage"));
        await Eventually.True(() => _sender.Texts.Any(t => t.Contains("turn", StringComparison.OrdinalIgnoreCase)), "the usage answer");
        Assert.DoesNotContain(_sender.Texts, t => t.Contains("Cancelled", StringComparison.Ordinal));
    }

    [NeedsToolFact("bash")]
    public async Task An_agent_start_hook_should_keep_a_prompt_from_the_model_and_say_why()
    {
        Hook("guard", "events: ['agent:start']", """
            input=$(cat)
            case "$input" in *forbidden*) echo '{"cancel": true, "reason": "that topic stays off the model"}' ;; esac
            """);
        var node = await Start();
        await Deliver(node, Inbound.Dm("a forbidden question"));
        await Deliver(node, Inbound.Dm("an allowed one"));
        await Answered("⛔ Cancelled by a local hook: that topic stays off the model", "the cancel reason");
        await Answered("echo: an allowed one", "the next prompt's answer");
        Assert.Equal(["an allowed one"], _agent.Prompts);
    }

    [NeedsToolFact("bash")]
    public async Task A_command_held_for_its_hooks_should_act_in_order_before_what_came_after_it()
    {
        Hook("slow-new", "events: ['command:new']\ntimeout_secs: 5", "cat > /dev/null\nsleep 1\n");
        var node = await Start();
        await Deliver(node, Inbound.Dm("remember the number 7"));
        await Answered("echo: remember the number 7", "the first answer");
        await Deliver(node, Inbound.Dm("/new"));
        await Deliver(node, Inbound.Dm("what number?"));
        await Answered("echo: what number?", "the prompt after /new");
        // The prompt waited for /new: the agent saw none of the earlier conversation.
        Assert.Single(_agent.Histories.Last(), m => m.Role == Microsoft.Extensions.AI.ChatRole.User);
        Assert.True(_sender.Texts.ToList().FindIndex(t => t.Contains("new conversation", StringComparison.Ordinal)) < _sender.Texts.ToList().IndexOf("echo: what number?"));
    }

    [NeedsToolFact("bash")]
    public async Task A_command_held_when_the_node_crashed_should_be_vetted_again_and_answered_once()
    {
        var runs = Path.Combine(_journal.Folder, "runs.log");
        // The first run hangs (the node dies under it); any later one lets the command through.
        Hook("hang-once", "events: ['command:status']\ntimeout_secs: 60", $"""
            cat > /dev/null
            echo run >> {runs}
            [ "$(wc -l < {runs})" -gt 1 ] || sleep 60
            """);
        var node = await Start();
        await Deliver(node, Inbound.Dm("/status"));
        await Eventually.True(() => Lines(runs).Length == 1, "the hook running on the held command");
        await node.CrashAsync();

        var again = await Start();
        await Deliver(again, Inbound.Dm("after the crash"));
        await Answered("echo: after the crash", "the next prompt, once the held /status acted");
        Assert.Single(_sender.Texts, t => t.StartsWith("Idle", StringComparison.Ordinal) || t.Contains("Running", StringComparison.Ordinal) || t.Contains("idle", StringComparison.Ordinal));
    }

    [NeedsToolFact("bash")]
    public async Task Resets_stops_and_the_gateways_start_and_stop_should_reach_an_audit_hook()
    {
        var log = Path.Combine(_journal.Folder, "audit.log");
        Hook("audit", "events: ['gateway:*', 'session:reset', 'agent:stop']", $$"""
            input=$(cat)
            echo "$input" | sed -E 's/^\{"event":"([^"]+)".*/\1/' >> {{log}}
            """);
        var node = await Start();
        await Eventually.True(() => Lines(log).Contains("gateway:startup"), "gateway:startup");
        await Deliver(node, Inbound.Dm("/reset"));
        await Deliver(node, Inbound.Dm("block until stopped"));
        await Eventually.True(() => _agent.Prompts.Contains("block until stopped"), "the turn running");
        await Deliver(node, Inbound.Dm("/stop"));
        await Eventually.True(() => Lines(log).Contains("agent:stop"), "agent:stop");
        await node.StopAsync();
        Assert.Equal(["gateway:startup", "session:reset", "agent:stop", "gateway:shutdown"], Lines(log));
    }
}
