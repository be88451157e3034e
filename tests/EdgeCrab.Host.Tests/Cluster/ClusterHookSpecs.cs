using Akka.Actor;
using Akka.Cluster.Sharding;
using EdgeCrab.Gateway;
using EdgeCrab.Host.Settings;
using Xunit;
using Xunit.Abstractions;

namespace EdgeCrab.Host.Tests.Cluster;

/// <summary>In a cluster, a conversation's hooks run on the node where the conversation lives, and only there.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterHookSpecs(ITestOutputHelper output)
{
    private const int Conversations = 8;

    [PostgresFact]
    public async Task Each_conversations_hooks_should_run_on_the_node_that_holds_it()
    {
        // Every node gets the same audit hook in its own home: it notes the conversations it saw a message in.
        var auditLogs = new Dictionary<int, string>();
        await using var t = await ClusterUnderTest.StartAsync(2, StreamOwner.Singleton, configure: settings =>
        {
            var folder = HookFolders.Write(settings.HooksDirectory, "audit", "events: ['message:received']", script: """
                input=$(cat)
                echo "$input" | sed -E 's/^\{"event":"[^"]+","session_id":"([^"]*)".*/\1/' >> audit.log
                """);
            lock (auditLogs) auditLogs[settings.ClusterPort!.Value] = Path.Combine(folder, "audit.log");
            return settings;
        }, output: output);
        var conversations = Enumerable.Range(0, Conversations).Select(c => $"cid-hooked-{c}").ToArray();
        foreach (var (conversation, c) in conversations.Select((id, c) => (id, c)))
            await t.Control.DmAsync(conversation, $"user{c:000}", "who holds me?");
        foreach (var conversation in conversations)
            await Eventually.Get(() => t.Control.RobotRepliesAsync(conversation), r => r.Count == 1, $"the answer in {conversation}", TimeSpan.FromSeconds(60));

        var seen = new List<string>();
        foreach (var node in t.Nodes)
        {
            var port = Akka.Cluster.Cluster.Get(node!.System).SelfAddress.Port!.Value;
            var state = await node.Registry.Get<SessionsKey>().Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(10));
            var held = state.Shards.SelectMany(s => s.EntityIds).Intersect(conversations).Order().ToArray();
            var log = auditLogs[port];
            string[] Audited() => File.Exists(log) ? File.ReadAllLines(log).Distinct().Order().ToArray() : [];
            // The hook runs beside the answer: give it the moment it may still need.
            await Eventually.True(() => Audited().Length >= held.Length, $"node {port}'s hook caught up");
            Assert.Equal(held, Audited());
            seen.AddRange(held);
        }
        Assert.Equal(conversations.Order(), seen.Order());
    }
}
