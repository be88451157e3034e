using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using EdgeCrab.DingTalk.Replies;
using EdgeCrab.Gateway;
using EdgeCrab.Gateway.Agent;
using EdgeCrab.Gateway.Cluster;
using EdgeCrab.Gateway.Outbox;
using EdgeCrab.Gateway.Persistence;
using EdgeCrab.Gateway.Sessions;
using EdgeCrab.Host.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static EdgeCrab.Gateway.Sessions.ConversationSessionProtocol;

namespace EdgeCrab.Bench;

/// <summary>
/// Memory with many conversations touched and then idle. Each phase runs in a fresh child process (so one phase's
/// heap does not colour the next) that holds the gateway's real sessions (router, ConversationSession, PendingWork,
/// the SQLite journal from the same HOCON) and delivers one message to each conversation straight to the sessions:
/// the websocket is measured by the ingest run, and DingTalk's 20/s reply pace would keep 100,000 sessions busy for
/// 80 minutes. The agent is the offline one without its delays and the reply sender returns at once, so every
/// session runs its full turn, persists its reply and goes idle.
/// </summary>
internal static class MemoryBench
{
    public const string PhaseCommand = "memory-phase";

    private sealed record PhaseResult(int Requested, int Touched, int Replies, int LiveSessions, double TouchSeconds,
        long BaselineWorkingSet, long BaselineHeap, long WorkingSet, long Heap, long Committed, bool Capped);

    /// <param name="capSeconds">How long each phase may spend touching conversations (<c>--memory-cap</c>); the default keeps `all` short.</param>
    public static async Task RunAsync(Report report, bool quick, int? capSeconds = null)
    {
        var conversations = quick ? 10_000 : 100_000;
        var cap = TimeSpan.FromSeconds(capSeconds ?? (quick ? 60 : 120));
        foreach (var passivate in new[] { false, true })
        {
            var result = await RunChildAsync(conversations, passivate, cap);
            var name = passivate ? "touched, idle, passivated" : "touched, idle, not passivated";
            if (result is null)
            {
                report.Add("memory", name, "failed", "the phase's process did not report (see stderr)");
                continue;
            }
            var perSession = result.Touched == 0 ? 0 : (result.Heap - result.BaselineHeap) / (double)result.Touched;
            report.Add("memory", name + ": working set", Format.MiB(result.WorkingSet),
                $"{Format.Count(result.Touched)}/{Format.Count(result.Requested)} conversations touched in {result.TouchSeconds:0} s{(result.Capped ? $" (CAPPED at {cap.TotalSeconds:0} s)" : "")}, "
                + $"{Format.Count(result.LiveSessions)} sessions live; baseline {Format.MiB(result.BaselineWorkingSet)} before the first message");
            report.Add("memory", name + ": managed heap", Format.MiB(result.Heap),
                $"after a full blocking GC; {perSession:N0} B per conversation over the {Format.MiB(result.BaselineHeap)} baseline; "
                + $"the collector kept {Format.MiB(result.Committed)} committed");
        }
    }

    private static async Task<PhaseResult?> RunChildAsync(int conversations, bool passivate, TimeSpan cap)
    {
        var self = Environment.ProcessPath!;
        var entry = typeof(MemoryBench).Assembly.Location;
        var arguments = new List<string>();
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") arguments.Add(entry);
        arguments.AddRange([PhaseCommand, conversations.ToString(CultureInfo.InvariantCulture), passivate ? "passivate" : "keep", cap.TotalSeconds.ToString(CultureInfo.InvariantCulture)]);
        using var process = Process.Start(new ProcessStartInfo(self, arguments) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        return line is null ? null : JsonSerializer.Deserialize<PhaseResult>(line["RESULT ".Length..]);
    }

    /// <summary>The child: <c>memory-phase &lt;conversations&gt; &lt;passivate|keep&gt; &lt;capSeconds&gt;</c>; prints one RESULT line.</summary>
    public static async Task<int> RunPhaseAsync(string[] args)
    {
        var conversations = int.Parse(args[1], CultureInfo.InvariantCulture);
        var passivate = args[2] == "passivate";
        var cap = TimeSpan.FromSeconds(double.Parse(args[3], CultureInfo.InvariantCulture));
        var home = Path.Combine(Path.GetTempPath(), "edgecrab-bench", "memory-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        try
        {
            var result = await PhaseAsync(home, conversations, passivate, cap);
            Console.WriteLine("RESULT " + JsonSerializer.Serialize(result));
            Console.Out.Flush();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(home, recursive: true); } catch (IOException) { }
            Environment.Exit(0);
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(home, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<PhaseResult> PhaseAsync(string home, int conversations, bool passivate, TimeSpan cap)
    {
        var path = Path.Combine(home, "edgecrab.db");
        SqliteJournalFile.Prepare(path);
        var backend = new JournalBackend.Sqlite(path);
        var sender = new InstantReplies();
        var passivateAfter = passivate ? TimeSpan.FromSeconds(10) : TimeSpan.FromMinutes(30);
        var deps = new SessionDependencies(new SessionOptions(BusyMode.Queue, ReplyChunker.ForDingTalk),
            new OfflineChatClient(TimeSpan.Zero), sender, TimeProvider.System, passivateAfter, TimeSpan.FromMinutes(5), HistoryWindow.Default)
        {
            // As a single-node gateway runs: the ids the journal holds are known, and every one touched is kept.
            Census = JournalCensus.ForOnlyWriter(),
        };
        var config = ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(GatewayHocon.Load(backend, "cluster.conf"));
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var trim = new MemoryTrimPolicy(TimeSpan.FromSeconds(6), MemoryTrimPolicy.Default.QuietBytesPerCheck, MemoryTrimPolicy.Default.WorthReturning);
        builder.Services.AddSingleton(trim).AddHostedService<IdleMemoryTrim>();
        builder.Services.AddAkka("edgecrab", akka => akka.AddHocon(config, HoconAddMode.Prepend)
            .AddGatewayCluster("127.0.0.1", 0, []).AddConversationSessions(deps));
        var host = builder.Build(); // never disposed: the process exits after its one RESULT line
        await host.StartAsync();
        var sessions = host.Services.GetRequiredService<IActorRegistry>().Get<SessionsKey>();

        // Warm the journal (tables, pool) and the JIT with one conversation, then take the baseline.
        await sessions.Ask<Accepted>(new Deliver(Message("cidMemWarm", 0)), TimeSpan.FromSeconds(30));
        await Task.Delay(1000);
        var (baselineWs, baselineHeap, _) = await MeasureAsync(trim);

        var watch = Stopwatch.StartNew();
        var touched = await TouchAsync(sessions, conversations, watch, cap);
        var touchSeconds = watch.Elapsed.TotalSeconds;
        var capped = touched < conversations;

        // Idle: every touched session has sent its reply (the warm-up's too) and persisted that it did.
        var idleBy = Stopwatch.StartNew();
        while (sender.Count < touched + 1 && idleBy.Elapsed < TimeSpan.FromSeconds(120)) await Task.Delay(100);
        await Task.Delay(2000);
        if (passivate)
        {
            var until = Stopwatch.StartNew();
            while (await LiveSessions.CountAsync(sessions, TimeSpan.FromSeconds(10)) > 0 && until.Elapsed < TimeSpan.FromSeconds(90))
                await Task.Delay(500);
        }
        var live = await LiveSessions.CountAsync(sessions, TimeSpan.FromSeconds(10));
        var (ws, heap, committed) = await MeasureAsync(trim);
        // No graceful stop: interrupting 100,000 sessions one by one would take longer than the run. The process exits.
        return new PhaseResult(conversations, touched, sender.Count, live, touchSeconds, baselineWs, baselineHeap, ws, heap, committed, capped);
    }

    // Its own method so the 100,000 finished tasks it waited for are garbage when the heap is measured: held by the
    // caller's frame they were ~100 B a conversation of the figure.
    private static async Task<int> TouchAsync(IActorRef sessions, int conversations, Stopwatch watch, TimeSpan cap)
    {
        using var inFlight = new SemaphoreSlim(1000);
        var touched = 0;
        var tasks = new List<Task>(conversations);
        for (var i = 1; i <= conversations && watch.Elapsed < cap; i++)
        {
            await inFlight.WaitAsync();
            var n = i;
            tasks.Add(Task.Run(async () =>
            {
                try
                {
                    await sessions.Ask<Accepted>(new Deliver(Message($"cidMem{n}", n)), TimeSpan.FromSeconds(60));
                    Interlocked.Increment(ref touched);
                }
                finally
                {
                    inFlight.Release();
                }
            }));
        }
        await Task.WhenAll(tasks);
        return touched;
    }

    // The heap after two full blocking compactions (what the rounds before compare with); the working set as the
    // gateway leaves it once quiet: its IdleMemoryTrim (here after 6 s instead of a minute) gives back what the
    // collector holds beyond the heap. Waited for up to the quiet time and 30 s more; a phase that never trims reports the
    // untrimmed figure.
    private static async Task<(long WorkingSet, long Heap, long Committed)> MeasureAsync(MemoryTrimPolicy trim)
    {
        for (var i = 0; i < 2; i++) GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        var until = Stopwatch.StartNew();
        while (GC.GetGCMemoryInfo(GCKind.Any) is var info && trim.IsWorthReturning(info.TotalCommittedBytes, info.HeapSizeBytes)
               && until.Elapsed < trim.QuietFor + TimeSpan.FromSeconds(30))
            await Task.Delay(250);
        using var self = Process.GetCurrentProcess();
        return (self.WorkingSet64, heap, GC.GetGCMemoryInfo(GCKind.Any).TotalCommittedBytes);
    }

    private static InboundMessage Message(string conversationId, int n)
    {
        var sender = $"staff{n}";
        return new InboundMessage($"msgMem{n}", conversationId, ChatKind.Direct, sender, $"Person {n}", $"hello from conversation {n}",
            new ReplyTarget(conversationId, ChatKind.Direct, sender, null, null), DateTimeOffset.UtcNow);
    }

    /// <summary>Accepts every chunk at once and counts them: DingTalk's side is not what this run measures.</summary>
    private sealed class InstantReplies : IReplySender
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public Task<DeliveryResult> SendAsync(PendingChunk chunk, CancellationToken ct)
        {
            Interlocked.Increment(ref _count);
            return Task.FromResult<DeliveryResult>(new DeliveryResult.Delivered("sessionWebhook"));
        }
    }
}
