using System.Text;
using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;
using EdgeCrab.Gateway.Connection;
using EdgeCrab.Gateway.Serialization;
using EdgeCrab.Gateway.Sessions;
using EdgeCrab.Gateway.Sessions.Events;
using EdgeCrab.Gateway.Tests.Support;
using Microsoft.Data.Sqlite;
using Xunit;
using static EdgeCrab.Gateway.Sessions.ConversationSessionProtocol;

namespace EdgeCrab.Gateway.Tests.Serialization;

public sealed class GatewayJsonSerializerSpecs : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 8, 30, 0, TimeSpan.FromHours(8));
    private readonly SqliteJournal _journal = new();
    private readonly ActorSystem _system;

    public GatewayJsonSerializerSpecs() => _system = ActorSystem.Create("serialization", _journal.Setup);

    /// <summary>One fully populated sample of every type the serializer has a manifest for.</summary>
    public static IEnumerable<object[]> Samples()
    {
        var prompt = Inbound.Group("hello 你好 😀") with { SenderNick = null };
        var refused = Inbound.Dm("(picture)") with { Refusal = "text only" };
        var chunk = new PendingChunk(3, 1, 2, "part two", "Title", prompt.ReplyTo with { WebhookExpiresAt = At }, ReplyKind.Resend, At);
        var state = new[] { new SessionInput.Receive(prompt), new SessionInput.Receive(Inbound.Dm("/new")) }
            .Aggregate(ConversationState.Empty(prompt.ConversationId), (s, input) =>
                s.Decide(input, At, SessionOptions.Default).Aggregate(s, (acc, e) => acc.Apply(e)));
        object[] all =
        [
            new MessageReceived(prompt, MessageRole.Prompt, At),
            new MessageReceived(refused, MessageRole.Refused, At),
            new MessageReceived(prompt, MessageRole.NotTaken, At),
            new MessageReceived(Inbound.Dm("/status"), MessageRole.Held, At),
            new CommandVetted("msg-held", null, At),
            new CommandVetted("msg-held", "cancelled by the audit hook", At),
            new CardOpened(2, "ec1_63_2_00000000", At),
            new CardRefused(2, "refused", At.AddMinutes(10), At),
            new PressCardButton(prompt.ConversationId, "ec1_63_2_00000000", "user001", "stop"),
            new ButtonTaken("ec1_63_2_00000000"),
            new TurnStarted(2, prompt, true, At),
            new AnswerCompleted(2, "answer", 120, 80, At),
            new TurnStopped(2, "/stop", At),
            new TurnFailed(2, "the model provider could not be reached.", At),
            new TurnInterrupted(2, At),
            new QueueCleared(4, At),
            new HistoryCleared(At),
            new ReplyQueued(3, prompt.MsgId, ["part one", "part two"], "Title", prompt.ReplyTo, At),
            new ReplyChunkDelivered(3, 0, "sessionWebhook", At),
            new ReplyChunkAbandoned(3, 1, "refused", At),
            new ReplyPartUndelivered(3, 1, "refused", At),
            new ReplyQueued(4, "", ["part one was lost"], "Notice", prompt.ReplyTo, At, ReplyKind.GapNotice),
            new Decided([new MessageReceived(prompt, MessageRole.Prompt, At), new TurnStarted(1, prompt, false, At)]),
            SessionSnapshot.From(state with { Undelivered = [chunk], QueueFullNoticed = true }),
            new SessionBecameBusy(prompt.ConversationId),
            new SessionBecameIdle(prompt.ConversationId),
            new PendingWorkChanged([prompt.ConversationId, "cid-other"], ["cid-done"]),
            new PendingWorkSnapshot([prompt.ConversationId, "cid-other"]),
            new PendingWorkProtocol.Wake(prompt.ConversationId),
            new PendingWorkProtocol.NothingPending(prompt.ConversationId),
            new PendingWorkProtocol.MarkBusy(prompt.ConversationId),
            new PendingWorkProtocol.BusyRecorded(prompt.ConversationId),
            new PendingWorkProtocol.MarkIdle(prompt.ConversationId),
            StopSession.Instance,
            new Deliver(prompt),
            new Accepted(prompt.MsgId),
            prompt,
            prompt.ReplyTo,
            new HistoryEntry(HistoryRole.Assistant, "answer", null),
            new RunningTurn(2, prompt, At),
            chunk,
            DingTalkConnectionProtocol.ConnectionStatus.Instance,
            new DingTalkConnectionProtocol.ConnectionStatusReply(3),
        ];
        return all.Select(o => new[] { o });
    }

    [Fact]
    public void Every_manifest_should_have_a_sample()
    {
        var sampled = Samples().Select(s => s[0].GetType()).ToHashSet();
        Assert.All(GatewayJsonSerializer.Manifests.Values, t => Assert.Contains(t, sampled));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_message_should_round_trip_through_the_bound_serializer(object message)
    {
        var serializer = _system.Serialization.FindSerializerFor(message);
        Assert.IsType<GatewayJsonSerializer>(serializer);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        var bytes = serializer.ToBinary(message);
        var back = _system.Serialization.Deserialize(bytes, serializer.Identifier, manifest);
        // Records compare by value, but lists inside compare by reference: compare the JSON of both instead.
        Assert.Equal(Encoding.UTF8.GetString(bytes), Encoding.UTF8.GetString(serializer.ToBinary(back)));
        Assert.Equal(message.GetType(), back.GetType());
    }

    [Fact]
    public void Json_stored_before_reply_kinds_and_dedup_times_should_still_load()
    {
        var serializer = (SerializerWithStringManifest)_system.Serialization.FindSerializerForType(typeof(ReplyQueued));
        var target = """{"conversationId":"cid-old","kind":"Direct","senderStaffId":"user001"}""";
        var queued = (ReplyQueued)serializer.FromBinary(Encoding.UTF8.GetBytes(
            $$"""{"replyNumber":2,"inReplyTo":"m1","chunks":["a","b"],"title":"T","target":{{target}},"at":"2026-11-24T08:30:00+08:00"}"""), "ReplyQueued");
        Assert.Equal(ReplyKind.Reply, queued.Kind);

        var snapshot = (SessionSnapshot)serializer.FromBinary(Encoding.UTF8.GetBytes(
            $$$"""
            {"conversationId":"cid-old","acceptedMsgIds":["m1","m2"],"history":[],"queue":[],"outbox":[{"replyNumber":2,"index":1,"count":2,"text":"b","title":"T","target":{{{target}}}}],
             "nextTurnNumber":2,"nextReplyNumber":3,"total":{"turns":1,"messages":1,"inputTokens":0,"outputTokens":0},
             "sinceNew":{"turns":1,"messages":1,"inputTokens":0,"outputTokens":0}}
            """), "SessionSnapshot");
        var state = snapshot.ToState(At);
        Assert.Equal(["m1", "m2"], state.Accepted.InOrder.Select(e => e.MsgId));
        Assert.All(state.Accepted.InOrder, e => Assert.Equal(At, e.At));
        var chunk = Assert.Single(state.Outbox);
        Assert.Null(chunk.QueuedAt);
        Assert.Equal(ReplyKind.Reply, chunk.Kind);
        Assert.Empty(state.Held);
    }

    /// <summary>Made of a constructor value kept in a get-only property and an init property; one more is computed.</summary>
    public sealed class Shape(int sides)
    {
        public int Sides { get; } = sides;
        public string? Name { get; init; }
        public bool IsTriangle => Sides == 3;
    }

    [Fact]
    public void Only_what_makes_a_message_should_be_stored_never_what_is_computed_from_it()
    {
        Assert.Equal("""{"sides":3,"name":"delta"}""", JsonSerializer.Serialize(new Shape(3) { Name = "delta" }, GatewayJsonSerializer.Options));
        var back = JsonSerializer.Deserialize<Shape>("""{"sides":4,"name":"square","isTriangle":true}""", GatewayJsonSerializer.Options)!;
        Assert.Equal((4, "square", false), (back.Sides, back.Name, back.IsTriangle));
    }

    [Fact]
    public void Json_stored_with_computed_properties_should_still_load_and_be_written_without_them()
    {
        // As journals were written before only constructor values were stored: every InboundMessage carried its
        // "session", every PendingChunk its value-tuple "id" as {}; chunks had no incarnation.
        var serializer = (SerializerWithStringManifest)_system.Serialization.FindSerializerForType(typeof(MessageReceived));
        const string target = """{"conversationId":"cid-old","kind":"Direct","senderStaffId":"user001","sessionWebhook":"http://127.0.0.1:1/robot/sendBySession?session=s"}""";
        const string message = $$"""
            {"msgId":"m1","conversationId":"cid-old","kind":"Direct","senderId":"user001","senderNick":"Nick","text":"hello",
             "replyTo":{{target}},"receivedAt":"2026-11-24T08:30:00+08:00",
             "session":{"conversationId":"cid-old","persistenceId":"dingtalk-cid-old"}
            }
            """;
        const string chunk = $$"""
            {"replyNumber":2,"index":1,"count":2,"text":"b","title":"T","target":{{target}},"kind":"Reply","queuedAt":"2026-11-24T08:30:00+08:00",
             "id":{}
            }
            """;

        var received = (MessageReceived)Read($$$"""{"message":{{{message}}},"role":"Prompt","at":"2026-11-24T08:30:00+08:00"}""", "MessageReceived");
        Assert.Equal(("m1", "hello", "cid-old"), (received.Message.MsgId, received.Message.Text, received.Message.Session.ConversationId));
        var started = (TurnStarted)Read($$$"""{"turnNumber":1,"prompt":{{{message}}},"isRetry":false,"at":"2026-11-24T08:30:00+08:00"}""", "TurnStarted");
        Assert.Equal(received.Message, started.Prompt);
        var snapshot = (SessionSnapshot)Read($$$"""
            {"conversationId":"cid-old","history":[],"queue":[{{{message}}}],"outbox":[{{{chunk}}}],"nextTurnNumber":2,"nextReplyNumber":3,
             "total":{"turns":1,"messages":1,"inputTokens":0,"outputTokens":0},"sinceNew":{"turns":1,"messages":1,"inputTokens":0,"outputTokens":0}}
            """, "SessionSnapshot");
        var pending = Assert.Single(snapshot.Outbox);
        Assert.Equal((2, 1, "b", (string?)null), (pending.ReplyNumber, pending.Index, pending.Text, pending.Incarnation));
        Assert.Equal(received.Message, Assert.Single(snapshot.Queue));

        foreach (var written in new object[] { received, started, snapshot }.Select(o => Encoding.UTF8.GetString(serializer.ToBinary(o))))
        {
            Assert.DoesNotContain("\"session\"", written);
            Assert.DoesNotContain("\"id\"", written);
        }

        object Read(string json, string manifest) => serializer.FromBinary(Encoding.UTF8.GetBytes(json), manifest);
    }

    [Fact]
    public void An_unknown_manifest_should_fail_clearly()
    {
        var serializer = (SerializerWithStringManifest)_system.Serialization.FindSerializerForType(typeof(HistoryCleared));
        var e = Assert.ThrowsAny<Exception>(() => serializer.FromBinary("{}"u8.ToArray(), "NoSuchEvent"));
        Assert.Contains("NoSuchEvent", e.Message);
    }

    [Fact]
    public async Task Stored_events_should_be_readable_json_tagged_with_our_serializer()
    {
        var agent = new ScriptedAgent();
        var sender = new RecordingReplySender();
        var deps = new SessionDependencies(SessionOptions.Default, agent, sender, TimeProvider.System,
            TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30), HistoryWindow.Default);
        await using var node = await OneNodeSessions.StartAsync(_journal, deps);
        await node.Sessions.Ask<Accepted>(new Deliver(Inbound.Dm("stored as json", conversationId: "cid-json")), TimeSpan.FromSeconds(15));
        await Eventually.True(() => sender.Sent.Count == 1, "answered");

        using var connection = new SqliteConnection($"Data Source={_journal.FilePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT manifest, serializer_id, payload FROM event_journal WHERE persistence_id = 'dingtalk-cid-json' ORDER BY sequence_nr";
        using var reader = command.ExecuteReader();
        var rows = new List<(string Manifest, long Serializer, string Json)>();
        while (reader.Read()) rows.Add((reader.GetString(0), reader.GetInt64(1), Encoding.UTF8.GetString((byte[])reader[2])));
        // The message and the turn it starts are one decision, so one row, each event named by its manifest inside.
        Assert.Equal("Decided", rows[0].Manifest);
        var bound = _system.Serialization.FindSerializerForType(typeof(MessageReceived));
        Assert.All(rows, r => Assert.Equal(bound.Identifier, r.Serializer));
        Assert.StartsWith("{\"events\":[{\"$type\":\"MessageReceived\"", rows[0].Json);
        Assert.Contains("\"text\":\"stored as json\"", rows[0].Json);
        Assert.Contains("{\"$type\":\"TurnStarted\"", rows[0].Json);
    }

    public void Dispose()
    {
        _system.Terminate().Wait(TimeSpan.FromSeconds(10));
        _journal.Dispose();
    }
}
