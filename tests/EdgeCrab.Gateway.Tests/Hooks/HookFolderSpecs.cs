using EdgeCrab.Gateway.Hooks;
using Xunit;

namespace EdgeCrab.Gateway.Tests.Hooks;

/// <summary>Real hook folders on disk, laid out as EdgeCrab users keep them in <c>~/.edgecrab/hooks/</c>.</summary>
public sealed class HookFolderSpecs : IDisposable
{
    private readonly string _hooks = Path.Combine(Path.GetTempPath(), "edgecrab-hooks-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_hooks, recursive: true);

    private string Folder(string name, string? manifest, params (string File, string Text)[] files)
    {
        var folder = Path.Combine(_hooks, name);
        Directory.CreateDirectory(folder);
        if (manifest is not null) File.WriteAllText(Path.Combine(folder, HookFolder.ManifestFile), manifest);
        foreach (var (file, text) in files) File.WriteAllText(Path.Combine(folder, file), text);
        return folder;
    }

    [Fact]
    public void A_full_manifest_should_load_every_field()
    {
        var folder = Folder("audit", """
            name: audit-log
            description: Writes every event to a file
            events: ["*", "command:*", "agent:start"]
            timeout_secs: 2.5
            priority: 10
            enabled: false
            env:
              AUDIT_FILE: /tmp/audit.log
            extra_field_edgecrab_may_add: ignored
            """, ("handler.py", "print('{}')"));

        var hook = Assert.IsType<HookLoad.Loaded>(HookFolder.Read(folder)).Hook;

        Assert.Equal("audit-log", hook.Name);
        Assert.Equal("audit", hook.Folder);
        Assert.Equal("Writes every event to a file", hook.Description);
        Assert.Equal(["*", "command:*", "agent:start"], hook.Events.Select(e => e.Text));
        Assert.Equal(TimeSpan.FromSeconds(2.5), hook.Timeout);
        Assert.Equal(10, hook.Priority);
        Assert.False(hook.Enabled);
        Assert.Equal("/tmp/audit.log", hook.Env["AUDIT_FILE"]);
        Assert.Equal(HookRuntime.Python, hook.Runtime);
        Assert.Equal(Path.Combine(folder, "handler.py"), hook.HandlerPath);
        Assert.False(hook.Wants("agent:start"), "a disabled hook wants nothing");
    }

    [Fact]
    public void A_minimal_manifest_should_take_EdgeCrabs_defaults()
    {
        var hook = Assert.IsType<HookLoad.Loaded>(HookFolder.Read(Folder("greeter", "events: [session:start]", ("handler.sh", "exit 0")))).Hook;

        Assert.Equal("greeter", hook.Name);
        Assert.Equal(Hook.DefaultTimeout, hook.Timeout);
        Assert.Equal(Hook.DefaultPriority, hook.Priority);
        Assert.True(hook.Enabled);
        Assert.Empty(hook.Env);
        Assert.Equal(HookRuntime.Shell, hook.Runtime);
        Assert.True(hook.Wants("session:start"));
        Assert.False(hook.Wants("session:reset"));
    }

    [Theory]
    [InlineData("handler.py", HookRuntime.Python)]
    [InlineData("handler.js", HookRuntime.JavaScript)]
    [InlineData("handler.ts", HookRuntime.TypeScript)]
    [InlineData("handler.sh", HookRuntime.Shell)]
    public void The_handlers_file_name_should_choose_its_runtime(string file, HookRuntime runtime) =>
        Assert.Equal(runtime, Assert.IsType<HookLoad.Loaded>(HookFolder.Read(Folder("h", "events: ['*']", (file, "")))).Hook.Runtime);

    [Fact]
    public void An_executable_handler_should_load_only_when_it_can_be_executed()
    {
        // Windows has no execute bit: there a 'handler' is judged by its extension, which these specs do not cover.
        if (OperatingSystem.IsWindows()) return;
        var folder = Folder("bin", "events: ['*']", ("handler", "#!/bin/sh\nexit 0\n"));
        var broken = Assert.IsType<HookLoad.Broken>(HookFolder.Read(folder));
        Assert.Contains("not executable", broken.Why);

        File.SetUnixFileMode(Path.Combine(folder, "handler"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        Assert.Equal(HookRuntime.Executable, Assert.IsType<HookLoad.Loaded>(HookFolder.Read(folder)).Hook.Runtime);
    }

    [Theory]
    [InlineData(null, "no HOOK.yaml")]
    [InlineData("", "HOOK.yaml is empty")]
    [InlineData("name: x", "HOOK.yaml lists no events")]
    [InlineData("events: []", "HOOK.yaml lists no events")]
    [InlineData("events: ['command*']", "event 'command*' is none of")]
    [InlineData("events: ['*']\ntimeout_secs: 0", "timeout_secs must be a positive number")]
    [InlineData("events: ['*']\npriority: high", "HOOK.yaml is not valid YAML (line 2")]
    [InlineData("events: [unclosed", "HOOK.yaml is not valid YAML (line")]
    public void A_broken_manifest_should_say_why_in_one_line(string? manifest, string why)
    {
        var broken = Assert.IsType<HookLoad.Broken>(HookFolder.Read(Folder("bad", manifest, ("handler.sh", "exit 0"))));

        Assert.Equal("bad", broken.Folder);
        Assert.StartsWith(why, broken.Why);
    }

    [Fact]
    public void A_broken_manifest_should_never_quote_its_text()
    {
        var broken = Assert.IsType<HookLoad.Broken>(HookFolder.Read(Folder("leaky", "events: ['*']\nenv:\n  TOKEN: [super-secret-token", ("handler.sh", ""))));

        Assert.DoesNotContain("super-secret-token", broken.Why);
    }

    [Fact]
    public void A_folder_without_a_handler_should_be_broken()
    {
        var broken = Assert.IsType<HookLoad.Broken>(HookFolder.Read(Folder("lonely", "events: ['*']", ("README.md", "no handler here"))));

        Assert.StartsWith("no handler (one of handler.py, handler.js, handler.ts, handler.sh, handler)", broken.Why);
    }

    [Fact]
    public void One_broken_folder_should_not_keep_the_others_from_loading()
    {
        Folder("b-broken", "events: [", ("handler.sh", ""));
        Folder("a-good", "events: ['*']", ("handler.sh", ""));
        Folder("c-good", "events: ['agent:*']", ("handler.py", ""));

        var loads = HookFolder.ReadAll(_hooks);

        Assert.Equal(["a-good", "b-broken", "c-good"], loads.Select(l => l.Folder));
        Assert.Equal(2, loads.OfType<HookLoad.Loaded>().Count());
        Assert.Empty(HookFolder.ReadAll(Path.Combine(_hooks, "missing")));
    }
}
