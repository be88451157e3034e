using EdgeCrab.Gateway.Persistence;
using EdgeCrab.Gateway.Sessions.Events;
using EdgeCrab.Host.Tests.EndToEnd;
using Microsoft.Data.Sqlite;
using Xunit;
using Xunit.Abstractions;

namespace EdgeCrab.Host.Tests.Faults;

/// <summary>
/// The journal's database goes away for seconds while people write, for real: a SQLite file held locked by another
/// connection, a PostgreSQL server stopped and started. The gateway keeps running (no restart), acks nothing it has
/// not written, and answers every message exactly once when the database is back.
/// </summary>
public sealed class JournalOutageSpecs(ITestOutputHelper output)
{
    private const string Answer = "(offline agent) You said: ";

    [Fact]
    public async Task A_sqlite_journal_locked_for_seconds_should_be_waited_out()
    {
        await using var t = await GatewayUnderTest.StartAsync();
        var app = t.App!;
        await t.Control.DmAsync("cid-lock-0", "user000", "before the lock");
        await Eventually.Get(() => t.Control.RobotRepliesAsync("cid-lock-0"), r => r.Count == 1, "answered before the lock");

        var during = new List<(string Conversation, string Text, string MsgId)>();
        await using (var locker = new SqliteConnection($"Data Source={Path.Combine(t.Home, "edgecrab.db")};Pooling=False"))
        {
            await locker.OpenAsync();
            await using var transaction = locker.BeginTransaction(deferred: false);
            // BEGIN IMMEDIATE holds SQLite's write lock: no other connection can write until it ends.
            await using (var write = locker.CreateCommand())
            {
                write.Transaction = transaction;
                write.CommandText = "CREATE TABLE lock_holder (x INTEGER)";
                await write.ExecuteNonQueryAsync();
            }
            foreach (var (conversation, user) in new[] { ("cid-lock-0", "user000"), ("cid-lock-1", "user001"), ("cid-lock-2", "user002") })
            {
                var text = $"while locked, to {conversation}";
                during.Add((conversation, text, await t.Control.DmAsync(conversation, user, text)));
            }
            // The outage's length is the behaviour: seconds, longer than the ack timeout, with callbacks waiting on it.
            await Task.Delay(TimeSpan.FromSeconds(12));
            foreach (var m in during)
                Assert.False((await t.Control.CallbackAsync(m.MsgId)).Acked, $"{m.MsgId} was acked while nothing could be written");
            await transaction.RollbackAsync();
            output.WriteLine("lock released after ~13 s");
        }

        foreach (var (conversation, text, _) in during)
            await Eventually.Get(() => t.Control.RobotRepliesAsync(conversation), r => r.Any(x => x.Text == Answer + text),
                $"the answer to '{text}'", TimeSpan.FromSeconds(60));
        foreach (var m in during)
            Assert.True((await t.Control.CallbackAsync(m.MsgId)).Acked, $"{m.MsgId} acked once written");
        // Late redeliveries must not answer twice.
        await t.Control.SayAfterEveryAckAsync(during.Select(m => m.MsgId), [("cid-lock-0", "user000"), ("cid-lock-1", "user001"), ("cid-lock-2", "user002")]);
        Assert.Equal(3, (await t.Control.RobotRepliesAsync("cid-lock-0")).Count);
        Assert.Equal(2, (await t.Control.RobotRepliesAsync("cid-lock-1")).Count);
        Assert.Equal(2, (await t.Control.RobotRepliesAsync("cid-lock-2")).Count);
        Assert.Same(app, t.App);

        var reader = new SessionJournalReader(app.System);
        foreach (var (conversation, text, _) in during)
            Assert.Single((await reader.EventsAsync(conversation)).OfType<MessageReceived>(), r => r.Message.Text == text);
    }

    [PrivatePostgresFact]
    public async Task A_postgres_restart_mid_traffic_should_cost_seconds_and_lose_nothing()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        await using var t = await GatewayUnderTest.StartAsync(s => s with { Postgres = postgres.ConnectionString });
        try
        {
            await PostgresRestartMidTraffic(t, postgres);
        }
        finally
        {
            File.WriteAllText(Path.Combine(Path.GetTempPath(), "edgecrab-pg-outage.log"), t.Logs);
        }
    }

    private async Task PostgresRestartMidTraffic(GatewayUnderTest t, PrivatePostgres postgres)
    {
        var app = t.App!;
        var sent = new List<(string Conversation, string Text, string MsgId)>();
        async Task Send(string phase, int count)
        {
            for (var i = 0; i < count; i++)
            {
                var conversation = $"cid-pg-{i % 4}";
                var text = $"{phase} {i}";
                sent.Add((conversation, text, await t.Control.DmAsync(conversation, $"user{i % 4:000}", text)));
                await Task.Delay(200); // traffic spread over time, so that the outage falls mid-traffic
            }
        }

        await Send("before", 8);
        await Eventually.Get(() => t.Control.RobotRepliesAsync("cid-pg-3"), r => r.Count == 2, "answers before the outage");

        await postgres.StopServerAsync();
        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} PostgreSQL stopped");
        var outageStart = sent.Count;
        await Send("during", 8);
        await Task.Delay(TimeSpan.FromSeconds(6)); // the outage's length is the behaviour
        foreach (var m in sent.Skip(outageStart))
            Assert.False((await t.Control.CallbackAsync(m.MsgId)).Acked, $"{m.MsgId} was acked while PostgreSQL was down");
        await postgres.StartServerAsync();
        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} PostgreSQL started again");
        await Send("after", 8);

        for (var c = 0; c < 4; c++)
        {
            var conversation = $"cid-pg-{c}";
            var expected = sent.Where(s => s.Conversation == conversation).Select(s => Answer + s.Text).Order().ToArray();
            var replies = await Eventually.Get(() => t.Control.RobotRepliesAsync(conversation), r => r.Count >= expected.Length,
                $"{expected.Length} answers in {conversation}", TimeSpan.FromSeconds(90));
            Assert.Equal(expected, replies.Select(r => r.Text).Order());
        }
        // Late redeliveries must not answer twice.
        await t.Control.SayAfterEveryAckAsync(sent.Select(m => m.MsgId), Enumerable.Range(0, 4).Select(c => ($"cid-pg-{c}", $"user{c:000}")),
            TimeSpan.FromSeconds(90));
        Assert.Equal(sent.Count + 4, (await Task.WhenAll(Enumerable.Range(0, 4).Select(c => t.Control.RobotRepliesAsync($"cid-pg-{c}")))).Sum(r => r.Count));
        Assert.Same(app, t.App);
        Assert.Contains("The journal is not answering", t.Logs);
        Assert.Contains("The journal answers again", t.Logs);

        var reader = new SessionJournalReader(app.System);
        foreach (var (conversation, text, _) in sent)
            Assert.Single((await reader.EventsAsync(conversation)).OfType<MessageReceived>(), r => r.Message.Text == text);
    }
}
