using Xunit;

namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary>
/// EDGECRAB_MAX_CONCURRENT_TURNS through the whole gateway: the real OpenAI client against an OpenAI-compatible
/// server on loopback that holds its answers and counts the requests in flight.
/// </summary>
public sealed class AgentConcurrencySpecs
{
    private static Task<GatewayUnderTest> StartWith(OpenAiCompatibleServer llm, int maxConcurrentTurns) =>
        GatewayUnderTest.StartAsync(s => s with
        {
            LlmBaseUrl = llm.BaseUri,
            LlmApiKey = "sk-test-key-123456",
            Model = "test-model",
            MaxConcurrentTurns = maxConcurrentTurns,
            HttpPort = 0,
        });

    private static Task<IReadOnlyList<EmulatorControl.ChatMessage>> Replies(GatewayUnderTest t, string conversation, int count) =>
        Eventually.Get(() => t.Control.RobotRepliesAsync(conversation), r => r.Count >= count, $"{count} replies in {conversation}");

    private static async Task<string> MetricsAsync(GatewayUnderTest t)
    {
        using var http = new HttpClient { BaseAddress = t.App!.OperationsAddress, Timeout = TimeSpan.FromSeconds(15) };
        return await http.GetStringAsync("/metrics");
    }

    /// <summary>Waits until this gateway's own series of <paramref name="gauge"/> reads <paramref name="expected"/>.</summary>
    private static Task<string> Metrics(GatewayUnderTest t, string gauge, double expected) =>
        Eventually.Get(() => MetricsAsync(t), m => PrometheusText.Value(m, gauge, t.NodeLabel()) == expected, $"/metrics shows {gauge} {expected}");

    [Fact]
    public async Task A_burst_into_many_conversations_should_never_have_more_requests_at_the_model_than_the_limit()
    {
        await using var llm = await OpenAiCompatibleServer.StartAsync();
        await using var t = await StartWith(llm, maxConcurrentTurns: 3);
        var conversations = Enumerable.Range(1, 12).Select(i => $"cid-slots-{i}").ToArray();
        string Prompt(string conversation) => $"hold the answer for {conversation}";

        await Task.WhenAll(conversations.Select(c => t.Control.DmAsync(c, "manager001", Prompt(c))));
        await Eventually.Get(() => Task.FromResult(llm.InFlight), n => n == 3, "three requests held at the model");
        await Metrics(t, "edgecrab_agent_turns_waiting", 9);
        await Metrics(t, "edgecrab_agent_turns_running", 3);
        Assert.Equal(3, llm.InFlight);

        // All slots are held by the conversations the model has seen: any other one is queued.
        var waiting = conversations.First(c => !llm.Prompts.Contains(Prompt(c)));
        await t.Control.DmAsync(waiting, "manager001", "/status");
        Assert.Contains("waiting for the agent", (await Replies(t, waiting, 1))[0].Text);

        llm.ReleaseHeld();
        foreach (var c in conversations)
            await Eventually.Get(() => t.Control.RobotRepliesAsync(c), r => r.Any(m => m.Text == "LLM says: " + Prompt(c)), $"the answer in {c}");
        await Metrics(t, "edgecrab_agent_turns_running", 0);

        Assert.Equal(3, llm.MaxInFlight);
        foreach (var c in conversations)
        {
            Assert.Single(llm.Prompts, p => p == Prompt(c));
            Assert.Single(await t.Control.RobotRepliesAsync(c), m => m.Text.StartsWith("LLM says:", StringComparison.Ordinal));
        }
        Assert.Equal(conversations.Length, llm.Requests.Count);
    }

    [Fact]
    public async Task A_busy_conversation_should_not_keep_another_from_the_agent()
    {
        await using var llm = await OpenAiCompatibleServer.StartAsync();
        await using var t = await StartWith(llm, maxConcurrentTurns: 1);
        await t.Control.DmAsync("cid-slot-chatty", "manager001", "hold the first of three");
        await Eventually.Get(() => Task.FromResult(llm.InFlight), n => n == 1, "the only slot is taken");
        await t.Control.DmAsync("cid-slot-chatty", "manager001", "second of three");
        await t.Control.DmAsync("cid-slot-chatty", "manager001", "third of three");
        await t.Control.DmAsync("cid-slot-quiet", "manager002", "my only question");
        await Metrics(t, "edgecrab_agent_turns_waiting", 1);

        llm.ReleaseHeld();
        await Replies(t, "cid-slot-chatty", 3);
        await Replies(t, "cid-slot-quiet", 1);
        // The chatty conversation's next turn queues behind the one that was already waiting.
        Assert.Equal(["hold the first of three", "my only question", "second of three", "third of three"], llm.Prompts);
    }

    [Fact]
    public async Task Stop_of_a_turn_waiting_for_a_slot_should_take_it_out_of_the_queue_before_the_model_sees_it()
    {
        await using var llm = await OpenAiCompatibleServer.StartAsync();
        await using var t = await StartWith(llm, maxConcurrentTurns: 1);
        await t.Control.DmAsync("cid-slot-busy", "manager001", "hold the only slot");
        await Eventually.Get(() => Task.FromResult(llm.InFlight), n => n == 1, "the only slot is taken");
        await t.Control.DmAsync("cid-slot-stop", "manager001", "hold me in the queue");
        await Metrics(t, "edgecrab_agent_turns_waiting", 1);
        await t.Control.DmAsync("cid-slot-stop", "manager001", "/status");
        Assert.Contains("waiting for the agent", (await Replies(t, "cid-slot-stop", 1))[0].Text);

        await t.Control.DmAsync("cid-slot-stop", "manager001", "/stop");
        Assert.Equal("Stopped the running answer.", (await Replies(t, "cid-slot-stop", 2))[1].Text);
        await Metrics(t, "edgecrab_agent_turns_waiting", 0);

        llm.ReleaseHeld();
        Assert.Equal("LLM says: hold the only slot", (await Replies(t, "cid-slot-busy", 1))[0].Text);
        // With one slot, a leaked lease would hold this message back for ever.
        await t.Control.DmAsync("cid-slot-stop", "manager001", "after the stop");
        Assert.Equal("LLM says: after the stop", (await Replies(t, "cid-slot-stop", 3))[2].Text);
        Assert.DoesNotContain("hold me in the queue", llm.Prompts);
        Assert.Equal(2, llm.Requests.Count);
    }
}
