using EdgeCrab.Gateway.Sessions;
using Xunit;

namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary>
/// A node alone skips recovery's reads for a conversation its journal has never held, and only for one: after a
/// restart, every conversation it ever wrote, new-path ones included, comes back with its history.
/// </summary>
public sealed class JournalCensusSpecs
{
    private static string Id(string conversation) => new SessionKey(conversation).PersistenceId;

    [Fact]
    public async Task Conversations_started_as_new_and_old_ones_should_both_keep_their_history_across_restarts()
    {
        await using var llm = await OpenAiCompatibleServer.StartAsync();
        await using var t = await GatewayUnderTest.StartWithModelAsync(llm);
        await Eventually.True(() => t.App!.Census.IsLoaded, "the census loaded");
        Assert.True(t.App!.Census.IsNew(Id("cid-census-a")));
        await t.Control.DmAsync("cid-census-a", "user001", "first question in a");
        await Eventually.Get(() => t.Control.RobotRepliesAsync("cid-census-a"), r => r.Count == 1, "a's first answer");
        Assert.False(t.App.Census.IsNew(Id("cid-census-a")));

        await t.StopGatewayAsync();
        await t.StartGatewayAsync(s => s with { LlmBaseUrl = llm.BaseUri, LlmApiKey = "sk-test-key-123456", Model = "test-model" });
        await Eventually.True(() => t.App!.Census.IsLoaded, "the census loaded again");
        // Known from the journal now, so it recovers in full; a conversation never seen starts as new.
        Assert.False(t.App!.Census.IsNew(Id("cid-census-a")));
        Assert.True(t.App.Census.IsNew(Id("cid-census-b")));

        await t.Control.DmAsync("cid-census-a", "user001", "second question in a");
        await t.Control.DmAsync("cid-census-b", "user002", "first question in b");
        await Eventually.Get(() => t.Control.RobotRepliesAsync("cid-census-a"), r => r.Count == 2, "a's second answer");
        await Eventually.Get(() => t.Control.RobotRepliesAsync("cid-census-b"), r => r.Count == 1, "b's first answer");
        // The journal took b's new start (answering its highest sequence number without a read); a's was not new.
        Assert.False(t.App.Census.TakeStartingNew(Id("cid-census-b")));
        Assert.Contains(llm.Requests, r => Texts(r).SequenceEqual(["first question in a", "LLM says: first question in a", "second question in a"]));

        await t.StopGatewayAsync();
        await t.StartGatewayAsync(s => s with { LlmBaseUrl = llm.BaseUri, LlmApiKey = "sk-test-key-123456", Model = "test-model" });
        await Eventually.True(() => t.App!.Census.IsLoaded, "the census loaded a third time");
        // b was written through the new-conversation path: its journal is a whole one, read back in full.
        await t.Control.DmAsync("cid-census-b", "user002", "second question in b");
        await Eventually.Get(() => t.Control.RobotRepliesAsync("cid-census-b"), r => r.Count == 2, "b's second answer");
        Assert.Contains(llm.Requests, r => Texts(r).SequenceEqual(["first question in b", "LLM says: first question in b", "second question in b"]));
    }

    private static IEnumerable<string> Texts(System.Text.Json.JsonElement request) =>
        request.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").ToString());
}
