using System.Diagnostics.Metrics;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using EdgeCrab.Gateway.Hooks;
using EdgeCrab.Gateway.Tests.Support;
using Xunit;
using static EdgeCrab.Gateway.Hooks.HookRunnerProtocol;

namespace EdgeCrab.Gateway.Tests.Hooks;

/// <summary>
/// The node's hook runner under load, with real bash handlers that block until the spec lets them go: a hook that
/// falls behind drops its oldest fire-and-forget events (and says so), an event someone waits for is answered by its
/// deadline all the same, and no more than <see cref="HookRunner.MaxProcesses"/> handlers run at once.
/// </summary>
public sealed class HookRunnerSpecs : TestKit, IDisposable
{
    private readonly string _hooks = Path.Combine(Path.GetTempPath(), "edgecrab-hookrunner-" + Guid.NewGuid().ToString("N"));
    private readonly string _go;
    private readonly HookCatalog _catalog;

    public HookRunnerSpecs() : base("akka.loglevel = INFO")
    {
        Directory.CreateDirectory(_hooks);
        _go = Path.Combine(_hooks, "go");
        _catalog = new HookCatalog(_hooks);
    }

    void IDisposable.Dispose()
    {
        // The actor system first: stopping the hook actors kills the handlers still writing into the folder.
        base.Dispose();
        _catalog.Dispose();
        try { Directory.Delete(_hooks, recursive: true); } catch (IOException) { } // a killed handler's last write
    }

    // Each run notes it started, waits for the spec's "go", then records the event's "seq" field.
    private string BlockingHook(string name, string events = "['test:*']", int timeoutSecs = 60)
    {
        var folder = HookFolders.Write(_hooks, name, $"events: {events}\ntimeout_secs: {timeoutSecs}", script: $$"""
            input=$(cat)
            touch started.$$
            while [ ! -f {{_go}} ]; do sleep 0.05; done
            echo "$input" | sed -E 's/.*"seq":([0-9]+).*/\1/' >> ran.log
            """);
        _catalog.Refresh();
        return folder;
    }

    private static HookEvent Event(int seq) =>
        new("test:event", "cid-1", "user001", new Dictionary<string, object?> { ["seq"] = seq });

    private static string[] Ran(string folder) =>
        File.Exists(Path.Combine(folder, "ran.log")) ? File.ReadAllLines(Path.Combine(folder, "ran.log")) : [];

    [NeedsToolFact("bash")]
    public async Task A_hook_that_falls_behind_should_drop_its_oldest_events_count_them_and_warn_once()
    {
        var folder = BlockingHook("behind");
        using var dropped = new DroppedCount("behind");
        var runner = Sys.ActorOf(HookRunner.Props(_catalog));

        runner.Tell(Event(0));
        await Eventually.True(() => Directory.GetFiles(folder, "started.*").Length == 1, "the first event running");
        await EventFilter.Warning(contains: "is 100 events behind").ExpectOneAsync(async () =>
        {
            for (var seq = 1; seq <= 120; seq++) runner.Tell(Event(seq));
            await Eventually.True(() => dropped.Total == 20, "20 events dropped");
        });

        File.WriteAllText(_go, "");
        await Eventually.True(() => Ran(folder).Length == 101, "the rest run");
        Assert.Equal(new[] { 0 }.Concat(Enumerable.Range(21, 100)).Select(i => i.ToString()), Ran(folder));
        Assert.Equal(20, dropped.Total);
    }

    [NeedsToolFact("bash")]
    public async Task An_awaited_event_stuck_behind_others_should_still_be_answered_by_its_deadline()
    {
        var folder = BlockingHook("stuck", events: "['test:*', 'command:*']", timeoutSecs: 2);
        var runner = Sys.ActorOf(HookRunner.Props(_catalog));
        runner.Tell(Event(0));
        await Eventually.True(() => Directory.GetFiles(folder, "started.*").Length == 1, "the first event running");
        for (var seq = 1; seq <= 150; seq++) runner.Tell(Event(seq));

        var status = new HookEvent("command:status", "cid-1", "user001", new Dictionary<string, object?> { ["seq"] = 999 });
        var hook = Assert.Single(_catalog.Wanting("command:status"));
        var verdict = await runner.Ask<Verdict>(new Vet(status), Budget([hook]));
        Assert.Same(Verdict.Continue, verdict);
        File.WriteAllText(_go, "");
        // The fire-and-forget events still run; the awaited one, past its deadline, never does.
        await Eventually.True(() => Ran(folder).Length > 1, "the queue moving again");
        Assert.DoesNotContain("999", Ran(folder));
    }

    [NeedsToolFact("bash")]
    public async Task No_more_than_the_nodes_bound_of_handlers_should_run_at_once()
    {
        var folders = Enumerable.Range(1, HookRunner.MaxProcesses + 3).Select(i => BlockingHook($"h{i:00}")).ToList();
        var runner = Sys.ActorOf(HookRunner.Props(_catalog));
        runner.Tell(Event(1));
        int Started() => folders.Sum(f => Directory.GetFiles(f, "started.*").Length);
        await Eventually.True(() => Started() == HookRunner.MaxProcesses, "the bound reached");
        // Given time, no ninth handler starts while eight block.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(HookRunner.MaxProcesses, Started());
        File.WriteAllText(_go, "");
        await Eventually.True(() => folders.All(f => Ran(f).Length == 1), "every hook run once");
    }

    /// <summary>What <c>edgecrab_hook_events_dropped_total</c> counted for one hook while it was listened to.</summary>
    private sealed class DroppedCount : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _total;

        public DroppedCount(string hook)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == "edgecrab.hook.events.dropped") listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                    if (tag.Key == "hook" && Equals(tag.Value, hook)) Interlocked.Add(ref _total, value);
            });
            _listener.Start();
        }

        public long Total => Interlocked.Read(ref _total);

        public void Dispose() => _listener.Dispose();
    }
}
