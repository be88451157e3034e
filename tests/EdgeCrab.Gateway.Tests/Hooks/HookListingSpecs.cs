using EdgeCrab.Gateway.Hooks;
using Xunit;

namespace EdgeCrab.Gateway.Tests.Hooks;

public sealed class HookListingSpecs
{
    private static Hook Hook(string name, int priority, HookRuntime runtime, string description = "", bool enabled = true) =>
        new(name, name, "/srv/secret/place/hooks/" + name, description, [EventPattern.Parse("command:*")!, EventPattern.Parse("agent:start")!],
            global::EdgeCrab.Gateway.Hooks.Hook.DefaultTimeout, priority, enabled, new Dictionary<string, string>(), "/srv/secret/place/hooks/" + name + "/handler", runtime);

    [Fact]
    public void Loaded_hooks_should_be_listed_by_priority_in_EdgeCrabs_layout_then_the_broken_ones()
    {
        var text = HookListing.Write(
        [
            new HookLoad.Loaded(Hook("audit", 50, HookRuntime.Python, "Writes every event down")),
            new HookLoad.Broken("half-done", "no handler (one of handler.py, handler.js, handler.ts, handler.sh, handler)"),
            new HookLoad.Loaded(Hook("guard", 10, HookRuntime.Shell)),
            new HookLoad.Loaded(Hook("old", 60, HookRuntime.Executable, enabled: false)),
        ]);

        Assert.Equal("""
            3 hook(s) loaded from hooks/:
            • guard [shell] p=10
              events: command:*, agent:start
            • audit [python] p=50
              events: command:*, agent:start
              Writes every event down
            • old [executable] p=60 (disabled)
              events: command:*, agent:start

            1 hook(s) not loaded:
            • hooks/half-done: no handler (one of handler.py, handler.js, handler.ts, handler.sh, handler)
            """.ReplaceLineEndings("\n"), text);
        Assert.DoesNotContain("/srv/secret", text);
    }

    [Fact]
    public void No_hooks_should_say_where_they_go() =>
        Assert.Equal("No hooks are loaded. Put one folder per hook in hooks/ (HOOK.yaml and a handler).", HookListing.Write([]));
}
