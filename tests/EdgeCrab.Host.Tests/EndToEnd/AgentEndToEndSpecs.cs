using Xunit;

namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary>The real OpenAI client, through the whole gateway, against an OpenAI-compatible server on loopback.</summary>
public sealed class AgentEndToEndSpecs
{
    private static Task<IReadOnlyList<EmulatorControl.ChatMessage>> Replies(GatewayUnderTest t, string conversation, int count) =>
        Eventually.Get(() => t.Control.RobotRepliesAsync(conversation), r => r.Count >= count, $"{count} replies in {conversation}");

    [Fact]
    public async Task The_streamed_answer_should_be_sent_with_the_history_and_usage_recorded()
    {
        await using var llm = await OpenAiCompatibleServer.StartAsync();
        await using var t = await GatewayUnderTest.StartWithModelAsync(llm);
        await t.Control.DmAsync("cid-llm", "manager001", "first question");
        Assert.Equal("LLM says: first question", (await Replies(t, "cid-llm", 1))[0].Text);
        await t.Control.DmAsync("cid-llm", "manager001", "second question");
        await Replies(t, "cid-llm", 2);

        var second = llm.Requests.Last();
        Assert.Equal("test-model", second.GetProperty("model").GetString());
        Assert.True(second.GetProperty("stream").GetBoolean());
        var history = second.GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("role").GetString(), m.GetProperty("content").ToString())).ToArray();
        Assert.Equal([("user", "first question"), ("assistant", "LLM says: first question"), ("user", "second question")], history);
        Assert.Equal("Bearer sk-test-key-123456", llm.Authorizations.Last());

        await t.Control.DmAsync("cid-llm", "manager001", "/usage");
        Assert.Contains("in all: 2 turns, 3 messages, 34 tokens (24 in, 10 out)", (await Replies(t, "cid-llm", 3))[2].Text);
        Assert.DoesNotContain("sk-test-key-123456", t.Logs);
    }

    [Fact]
    public async Task A_provider_error_should_become_a_short_reply_and_the_session_carry_on()
    {
        await using var llm = await OpenAiCompatibleServer.StartAsync();
        await using var t = await GatewayUnderTest.StartWithModelAsync(llm);
        await t.Control.DmAsync("cid-llm-err", "manager001", "explode now");
        var failure = (await Replies(t, "cid-llm-err", 1))[0].Text;
        Assert.StartsWith("Sorry, the agent could not answer:", failure);
        Assert.DoesNotContain("sk-leak", failure);
        Assert.DoesNotContain("internal.example", failure);
        await t.Control.DmAsync("cid-llm-err", "manager001", "/retry");
        await t.Control.DmAsync("cid-llm-err", "manager001", "fine now");
        Assert.Equal("LLM says: fine now", (await Replies(t, "cid-llm-err", 3))[2].Text);
    }

    [Fact]
    public async Task A_429_with_Retry_After_should_be_retried_and_answered_once()
    {
        await using var llm = await OpenAiCompatibleServer.StartAsync();
        await using var t = await GatewayUnderTest.StartWithModelAsync(llm);
        await t.Control.DmAsync("cid-llm-429", "manager001", "throttled twice");
        Assert.Equal("LLM says: throttled twice", (await Replies(t, "cid-llm-429", 1))[0].Text);
        Assert.Equal(3, llm.Prompts.Count(p => p == "throttled twice"));
        Assert.Single(await t.Control.RobotRepliesAsync("cid-llm-429"));
    }

    [Fact]
    public async Task A_500_every_time_should_be_retried_then_become_the_short_error_reply()
    {
        await using var llm = await OpenAiCompatibleServer.StartAsync();
        await using var t = await GatewayUnderTest.StartWithModelAsync(llm);
        await t.Control.DmAsync("cid-llm-500", "manager001", "explode every time");
        Assert.Equal("Sorry, the agent could not answer: the model provider had an internal error.\nSend /retry to try again.",
            (await Replies(t, "cid-llm-500", 1))[0].Text);
        Assert.Equal(1 + Gateway.Agent.ModelRetryPolicy.MaxRetries, llm.Prompts.Count(p => p == "explode every time"));
    }

    [Fact]
    public async Task Stop_should_cancel_the_request_to_the_model()
    {
        await using var llm = await OpenAiCompatibleServer.StartAsync();
        await using var t = await GatewayUnderTest.StartWithModelAsync(llm);
        await t.Control.DmAsync("cid-llm-stop", "manager001", "slow answer with many many words in it");
        await Eventually.Get(() => Task.FromResult(llm.Requests.Count), n => n == 1, "the model is asked");
        await t.Control.DmAsync("cid-llm-stop", "manager001", "/stop");
        await Eventually.Get(() => Task.FromResult(llm.Aborted.Count), n => n == 1, "the model's request is aborted");
        Assert.Equal("Stopped the running answer.", (await Replies(t, "cid-llm-stop", 1))[0].Text);
    }

    [Fact]
    public async Task Ctrl_C_should_persist_the_running_turn_which_runs_again_on_the_next_start()
    {
        await using var llm = await OpenAiCompatibleServer.StartAsync();
        await using var t = await GatewayUnderTest.StartWithModelAsync(llm);
        await t.Control.DmAsync("cid-llm-ctrlc", "manager001", "slow one two");
        await Eventually.Get(() => Task.FromResult(llm.Requests.Count), n => n == 1, "the model is asked");

        await t.App!.StopAsync();
        await Eventually.Get(() => Task.FromResult(llm.Aborted.Count), n => n == 1, "the model's request is cancelled by the shutdown");
        Assert.Empty(await t.Control.RobotRepliesAsync("cid-llm-ctrlc"));
        await t.App.DisposeAsync();

        await t.StartGatewayAsync(s => s with { LlmBaseUrl = llm.BaseUri, LlmApiKey = "sk-test-key-123456", Model = "test-model" });
        Assert.Equal("LLM says: slow one two", (await Replies(t, "cid-llm-ctrlc", 1))[0].Text);
    }
}
