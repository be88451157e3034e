using Akka.Actor;
using EdgeCrab.Gateway;
using EdgeCrab.Gateway.Cluster;
using EdgeCrab.Gateway.Connection;
using EdgeCrab.Gateway.Persistence;
using EdgeCrab.Host.Cli;
using EdgeCrab.Host.Settings;
using EdgeCrab.Host.Tests.EndToEnd;
using Xunit;
using Xunit.Abstractions;

namespace EdgeCrab.Host.Tests.Cluster;

/// <summary>Three gateway nodes as one Akka.NET cluster over PostgreSQL: each conversation on exactly one node, surviving the loss of any node.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterSpecs(ITestOutputHelper output)
{
    private const int Conversations = 9, PerConversation = 4;

    private static string Conversation(int c) => $"cid-cluster-{c}";

    private static string Text(int c, int i) => $"message {i} in conversation {c}";

    /// <summary>The msgId of every message the rounds sent (xunit makes a new instance for each test).</summary>
    private readonly List<string> _sent = [];

    private static string User(int c) => $"user{c:000}";

    /// <summary>Sends round <paramref name="i"/>: one message to every conversation (each its own DM user).</summary>
    private async Task SendRound(ClusterUnderTest t, int i)
    {
        for (var c = 0; c < Conversations; c++)
            _sent.Add(await t.Control.DmAsync(Conversation(c), User(c), Text(c, i)));
    }

    private static async Task<int> TotalReplies(ClusterUnderTest t)
    {
        var total = 0;
        for (var c = 0; c < Conversations; c++) total += (await t.Control.RobotRepliesAsync(Conversation(c))).Count;
        return total;
    }

    /// <summary>Every message answered exactly once, in every conversation.</summary>
    private async Task AssertEveryMessageAnsweredOnce(ClusterUnderTest t)
    {
        for (var c = 0; c < Conversations; c++)
        {
            var conversation = Conversation(c);
            var replies = await Eventually.Get(() => t.Control.RobotRepliesAsync(conversation), r => r.Count >= PerConversation,
                $"{PerConversation} answers in {conversation}", TimeSpan.FromSeconds(90));
            var expected = Enumerable.Range(0, PerConversation).Select(i => "(offline agent) You said: " + Text(c, i));
            Assert.Equal(expected.Order(), replies.Select(r => r.Text).Order());
        }
        // Late redeliveries must not produce second answers.
        await t.Control.SayAfterEveryAckAsync(_sent, Enumerable.Range(0, Conversations).Select(c => (Conversation(c), User(c))), TimeSpan.FromSeconds(90));
        for (var c = 0; c < Conversations; c++)
            Assert.Equal(PerConversation + 1, (await t.Control.RobotRepliesAsync(Conversation(c))).Count);
    }

    private async Task AssertHistoryKept(Runtime.GatewayApp survivor)
    {
        var reader = new SessionJournalReader(survivor.System);
        for (var c = 0; c < Conversations; c++)
        {
            var lines = SessionHistoryText.Lines(await reader.EventsAsync(Conversation(c))).ToList();
            for (var i = 0; i < PerConversation; i++)
                Assert.Contains(lines, l => l.EndsWith(": " + Text(c, i), StringComparison.Ordinal));
        }
        output.WriteLine($"history of {Conversation(0)}:\n" + string.Join("\n", SessionHistoryText.Lines(await reader.EventsAsync(Conversation(0)))));
    }

    [PostgresFact]
    public async Task Every_node_should_hold_a_stream_and_a_crashed_node_lose_nothing()
    {
        await using var t = await ClusterUnderTest.StartAsync(3, StreamOwner.EveryNode, output: output);
        await Eventually.Get(() => t.Control.ConnectionCountAsync(), n => n == 3, "one stream connection per node");

        await SendRound(t, 0);
        await SendRound(t, 1);
        await Eventually.Get(() => TotalReplies(t), n => n >= Conversations, "the first answers");

        var report = await ClusterStatusReport.GatherAsync(t.Nodes[0]!.System, t.Nodes[0]!.Registry.Get<SessionsKey>(), streamOwnerIsSingleton: false);
        output.WriteLine(string.Join("\n", report.Members.Select(m => $"{m.Address} {m.Status} sessions={m.Sessions}")));
        Assert.Equal(3, report.Members.Count);
        Assert.True(report.Members.Count(m => m.Sessions > 0) >= 2, "conversations spread over the nodes");

        await t.CrashNodeAsync(1);
        output.WriteLine("node 1 crashed");
        await SendRound(t, 2);
        await SendRound(t, 3);
        await AssertEveryMessageAnsweredOnce(t);
        await Eventually.Get(() => Task.FromResult(t.UpMembers(0)), n => n == 2, "the crashed node is downed");
        await AssertHistoryKept(t.Nodes[2]!);

        // The census in a cluster: a conversation new to a shard its node already holds (and has listed the journal
        // since it came) starts without recovery's reads, and is answered like any other. Three in turn, each after
        // the one before was answered: the two survivors may still be rebalancing, and a shard that just moved is
        // trusted only once its new node has listed the journal.
        var newStarts = t.Nodes.OfType<Runtime.GatewayApp>().Sum(n => n.Census.NewStarts);
        foreach (var sibling in InSameShardAs(Conversation(0)).Take(3))
        {
            await t.Control.DmAsync(sibling, "user900", "hello from a new conversation");
            var replies = await Eventually.Get(() => t.Control.RobotRepliesAsync(sibling), r => r.Count >= 1, "the new conversation's answer");
            Assert.Equal("(offline agent) You said: hello from a new conversation", replies.Single().Text);
        }
        Assert.True(t.Nodes.OfType<Runtime.GatewayApp>().Sum(n => n.Census.NewStarts) > newStarts, "a conversation new to a held shard started without recovery's reads");
    }

    /// <summary>Conversation ids never used before whose shard is <paramref name="conversation"/>'s.</summary>
    private static IEnumerable<string> InSameShardAs(string conversation)
    {
        var shards = new ConversationShardExtractor();
        var shard = shards.ShardId(conversation);
        return Enumerable.Range(0, 100_000).Select(i => $"cid-cluster-sibling-{i}").Where(id => shards.ShardId(id) == shard);
    }

    [PostgresFact]
    public async Task A_node_leaving_gracefully_should_hand_its_conversations_over_with_nothing_lost()
    {
        await using var t = await ClusterUnderTest.StartAsync(3, StreamOwner.EveryNode, output: output);
        await Eventually.Get(() => t.Control.ConnectionCountAsync(), n => n == 3, "one stream connection per node");
        await SendRound(t, 0);
        await SendRound(t, 1);
        await Eventually.Get(() => TotalReplies(t), n => n >= 3, "the first answers");

        // Ctrl-C on node 2: its socket closes, its shards hand off (running turns persisted as interrupted), it leaves.
        await t.StopNodeAsync(2);
        output.WriteLine("node 2 left");
        await SendRound(t, 2);
        await SendRound(t, 3);
        await AssertEveryMessageAnsweredOnce(t);
        Assert.Equal(2, t.UpMembers(0));
        await AssertHistoryKept(t.Nodes[0]!);
    }

    [PostgresFact]
    public async Task A_node_joining_should_move_turns_in_flight_and_finish_each_exactly_once_without_new_input()
    {
        await using var llm = await OpenAiCompatibleServer.StartAsync();
        await using var t = await ClusterUnderTest.StartAsync(3, StreamOwner.EveryNode, capacity: 4,
            configure: s => s with { LlmBaseUrl = llm.BaseUri, Model = "test-model" }, output: output);
        await Eventually.Get(() => t.Control.ConnectionCountAsync(), n => n == 3, "one stream connection per node");
        const int conversations = 20;
        // "slow" prompts stream a word a second: every turn is still running when the fourth node joins.
        var sent = new List<string>();
        for (var c = 0; c < conversations; c++)
            sent.Add(await t.Control.DmAsync($"cid-rebalance-{c}", User(c), $"slow answer please for conversation {c}"));
        await Eventually.Get(() => Task.FromResult(llm.Requests.Count), n => n >= conversations, "every turn running", TimeSpan.FromSeconds(60));

        await t.StartNodeAsync(3);
        output.WriteLine("node 3 joined");
        await Eventually.Get(() => Task.FromResult(t.UpMembers(0)), n => n == 4, "four members up", TimeSpan.FromSeconds(60));

        for (var c = 0; c < conversations; c++)
        {
            var conversation = $"cid-rebalance-{c}";
            var replies = await Eventually.Get(() => t.Control.RobotRepliesAsync(conversation), r => r.Count >= 1,
                $"the answer in {conversation}", TimeSpan.FromSeconds(120));
            Assert.Equal($"LLM says: slow answer please for conversation {c}", replies.Single().Text);
        }
        // Shards moved to the new node with turns running: those turns were cut off there and run again here.
        Assert.NotEmpty(llm.Aborted);
        output.WriteLine($"{llm.Aborted.Count} turn(s) moved mid-answer: {string.Join(", ", llm.Aborted)}");
        // A turn that ran twice must not have answered twice.
        await t.Control.SayAfterEveryAckAsync(sent, Enumerable.Range(0, conversations).Select(c => ($"cid-rebalance-{c}", User(c))), TimeSpan.FromSeconds(120));
        for (var c = 0; c < conversations; c++)
            Assert.Equal(
                [$"LLM says: slow answer please for conversation {c}", "LLM says: " + LastWord.Text],
                (await t.Control.RobotRepliesAsync($"cid-rebalance-{c}")).Select(r => r.Text));
    }

    [PostgresFact]
    public async Task A_singleton_stream_should_move_when_the_node_holding_it_dies()
    {
        await using var t = await ClusterUnderTest.StartAsync(3, StreamOwner.Singleton, output: output);
        // One socket for the whole cluster, on the oldest node (node 0, which also seeded the cluster).
        await Eventually.Get(() => t.Control.ConnectionCountAsync(), n => n == 1, "a single stream connection");

        await SendRound(t, 0);
        await SendRound(t, 1);
        await Eventually.Get(() => TotalReplies(t), n => n >= Conversations, "the first answers");
        // Still one once traffic has gone through the cluster: no younger node opened a socket of its own meanwhile.
        Assert.Equal(1, await t.Control.ConnectionCountAsync());

        await t.CrashNodeAsync(0);
        output.WriteLine("node 0 (stream owner, seed) crashed");
        await SendRound(t, 2);
        await SendRound(t, 3);
        await Eventually.Get(() => t.Control.ConnectionCountAsync(), n => n == 1, "the stream connection taken over", TimeSpan.FromSeconds(60));
        await AssertEveryMessageAnsweredOnce(t);
        Assert.Equal(1, await t.Control.ConnectionCountAsync());
        await AssertHistoryKept(t.Nodes[1]!);
    }

    [PostgresFact]
    public async Task Cluster_status_should_show_members_the_stream_owner_and_sessions()
    {
        await using var t = await ClusterUnderTest.StartAsync(3, StreamOwner.Singleton, output: output);
        await SendRound(t, 0);
        await Eventually.Get(() => TotalReplies(t), n => n >= Conversations, "answers");
        var endpoint = t.Nodes[0]!.OperationsAddress!;
        var text = new StringWriter();
        Assert.Equal(0, await ClusterStatusCommand.PrintAsync(endpoint, text, CancellationToken.None));
        output.WriteLine(text.ToString());
        var printed = text.ToString();
        Assert.Contains("Stream connection: singleton, held by akka.tcp://edgecrab@127.0.0.1:", printed);
        Assert.Equal(3, printed.Split('\n').Count(l => l.StartsWith("akka.tcp://edgecrab@127.0.0.1:", StringComparison.Ordinal) && l.Contains(" Up ")));
        Assert.Contains("oldest", printed);
        Assert.Contains("gateway", printed);

        // Asked through each node's proxy, the singleton's status crosses nodes (through our serializer) and back.
        foreach (var node in t.Nodes)
        {
            var status = await node!.Registry.Get<DingTalkConnectionKey>().Ask<DingTalkConnectionProtocol.ConnectionStatusReply>(
                DingTalkConnectionProtocol.ConnectionStatus.Instance, TimeSpan.FromSeconds(10));
            Assert.True(status.Connects >= 1, $"{status.Connects} connects");
        }
    }
}

/// <summary>Cluster tests start three actor systems each: run them one at a time so a 2-core machine keeps up with failure detection.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    public const string Name = "cluster";
}
