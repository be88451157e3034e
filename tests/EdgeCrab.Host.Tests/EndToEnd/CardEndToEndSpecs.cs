using EdgeCrab.Host.Settings;
using EdgeCrab.Gateway.Outbox;
using Xunit;
using static EdgeCrab.Host.Tests.EndToEnd.EmulatorControl;

namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary>
/// Answers streaming into AI cards, end to end: the gateway, the emulator's card API and stream callbacks, and a
/// real OpenAI-compatible model server on loopback ("slow …" streams a word a second, "hold …" waits to be released,
/// "explode" fails). A card is finalized however its turn ends, and no text is lost or sent twice.
/// </summary>
public sealed class CardEndToEndSpecs
{
    private const string Template = "edgecrab-ai-card.schema";

    private static Task<GatewayUnderTest> StartWith(OpenAiCompatibleServer llm, string? admins = null) =>
        GatewayUnderTest.StartWithModelAsync(llm, s => WithCards(s) with { AdminUsers = admins is null ? s.AdminUsers : new HashSet<string> { admins } });

    /// <summary>Cards on, with live writes as often as allowed, so a short answer still streams.</summary>
    private static GatewaySettings WithCards(GatewaySettings s) => s with { CardTemplateId = Template, CardInterval = TimeSpan.FromMilliseconds(300) };

    /// <summary>The same gateway started again (after a crash or a stop): the model server and cards as before.</summary>
    private static Task RestartAsync(GatewayUnderTest t, OpenAiCompatibleServer llm) =>
        t.StartGatewayAsync(s => WithCards(s with { LlmBaseUrl = llm.BaseUri, LlmApiKey = "sk-test-key-123456", Model = "test-model" }));

    private static async Task<IReadOnlyList<ChatMessage>> Cards(GatewayUnderTest t, string conversation) =>
        (await t.Control.RobotRepliesAsync(conversation)).Where(m => m.Via == "card").ToArray();

    private static async Task<IReadOnlyList<ChatMessage>> Markdown(GatewayUnderTest t, string conversation) =>
        (await t.Control.RobotRepliesAsync(conversation)).Where(m => m.Via != "card").ToArray();

    private static Task<ChatMessage> CardWhere(GatewayUnderTest t, string conversation, Func<ChatMessage, bool> done, string what) =>
        Eventually.Get(async () => (await Cards(t, conversation)).LastOrDefault(), c => c is not null && done(c), what).ContinueWith(c => c.Result!);

    [Fact]
    public async Task An_answer_should_stream_into_a_card_and_end_finalized_with_the_whole_text_and_nothing_else()
    {
        await using var llm = await OpenAiCompatibleServer.StartAsync();
        await using var t = await StartWith(llm);
        await t.Control.DmAsync("cid-card", "user001", "slow one two three four five");

        // Seen while it streams: part of the answer, not finalized.
        var live = await CardWhere(t, "cid-card", c => c.Finalized == false && c.Text.StartsWith("LLM says:", StringComparison.Ordinal), "the card streaming");
        Assert.NotEqual("LLM says: slow one two three four five", live.Text);
        var done = await CardWhere(t, "cid-card", c => c.Finalized == true, "the card finalized");
        Assert.Equal("LLM says: slow one two three four five", done.Text);
        Assert.False(done.Failed ?? false);
        Assert.Single(await Cards(t, "cid-card"));
        Assert.Empty(await Markdown(t, "cid-card"));
    }

    [Fact]
    public async Task Stop_as_a_command_should_cancel_the_model_and_close_the_card_as_stopped()
    {
        await using var llm = await OpenAiCompatibleServer.StartAsync();
        await using var t = await StartWith(llm);
        await t.Control.DmAsync("cid-card-stop", "user001", "hold until stopped");
        await CardWhere(t, "cid-card-stop", c => c.Finalized == false, "the card open");
        await t.Control.DmAsync("cid-card-stop", "user001", "/stop");

        var card = await CardWhere(t, "cid-card-stop", c => c.Finalized == true, "the card closed");
        Assert.EndsWith("⏹ Stopped.", card.Text);
        await Eventually.True(() => Task.FromResult(llm.Aborted.Contains("hold until stopped")), "the model request cancelled");
        await Eventually.Get(() => Markdown(t, "cid-card-stop"), r => r.Any(m => m.Text.Contains("Stopped the running answer.", StringComparison.Ordinal)), "/stop's own reply");
    }

    [Fact]
    public async Task The_stop_button_should_work_for_the_asker_and_an_admin_but_nobody_else()
    {
        await using var llm = await OpenAiCompatibleServer.StartAsync();
        await using var t = await StartWith(llm, admins: "admin007");
        await t.Control.GroupAsync("cid-card-group", "user001", "hold in a group", atRobot: true);
        var open = await CardWhere(t, "cid-card-group", c => c.Finalized == false && c.OutTrackId is not null, "the card open");

        // A bystander's press is acked and does nothing.
        await t.Control.PressCardButtonAsync(open.OutTrackId!, "user999", "stop");
        await Eventually.True(() => Task.FromResult(t.Logs.Contains("user999 pressed stop", StringComparison.Ordinal)), "the refused press logged");
        Assert.False((await Cards(t, "cid-card-group")).Single().Finalized);

        await t.Control.PressCardButtonAsync(open.OutTrackId!, "admin007", "stop");
        var card = await CardWhere(t, "cid-card-group", c => c.Finalized == true, "the card stopped by the admin");
        Assert.EndsWith("⏹ Stopped.", card.Text);
        await Eventually.True(() => Task.FromResult(llm.Aborted.Contains("hold in a group")), "the model request cancelled");

        // The asker's own button, in a DM.
        await t.Control.DmAsync("cid-card-dm", "user001", "hold for the asker");
        var mine = await CardWhere(t, "cid-card-dm", c => c.Finalized == false && c.OutTrackId is not null, "the second card open");
        await t.Control.PressCardButtonAsync(mine.OutTrackId!, "user001", "stop");
        Assert.EndsWith("⏹ Stopped.", (await CardWhere(t, "cid-card-dm", c => c.Finalized == true, "the asker's stop")).Text);
    }

    [Fact]
    public async Task An_agent_error_should_close_the_card_as_failed_with_the_short_error()
    {
        await using var llm = await OpenAiCompatibleServer.StartAsync();
        await using var t = await StartWith(llm);
        await t.Control.DmAsync("cid-card-error", "user001", "explode");
        var card = await CardWhere(t, "cid-card-error", c => c.Finalized == true, "the card closed");
        Assert.True(card.Failed);
        Assert.Contains("The agent could not answer", card.Text);
        Assert.DoesNotContain("sk-leak", card.Text);
        Assert.Empty(await Markdown(t, "cid-card-error"));
    }

    [Fact]
    public async Task A_gateway_killed_mid_answer_should_finish_the_same_card_on_recovery()
    {
        await using var llm = await OpenAiCompatibleServer.StartAsync();
        await using var t = await StartWith(llm);
        await t.Control.DmAsync("cid-card-crash", "user001", "slow a b c d e f g h");
        await CardWhere(t, "cid-card-crash", c => c.Finalized == false && c.Text.Length > "LLM says:".Length, "the card streaming");
        await t.CrashGatewayAsync();

        await RestartAsync(t, llm);
        var card = await CardWhere(t, "cid-card-crash", c => c.Finalized == true, "the card finalized after the restart");
        Assert.Equal("LLM says: slow a b c d e f g h", card.Text);
        Assert.Single(await Cards(t, "cid-card-crash"));
        Assert.Empty(await Markdown(t, "cid-card-crash"));
    }

    [Fact]
    public async Task A_gateway_stopped_mid_answer_should_close_the_card_and_answer_in_a_new_one_after_the_restart()
    {
        await using var llm = await OpenAiCompatibleServer.StartAsync();
        await using var t = await StartWith(llm);
        await t.Control.DmAsync("cid-card-stopped", "user001", "slow x y z w v u");
        await CardWhere(t, "cid-card-stopped", c => c.Finalized == false && c.Text.Length > "LLM says:".Length, "the card streaming");
        await t.StopGatewayAsync();
        // The session stopped with work left, and nothing it sent on its way out held up the shutdown.
        Assert.DoesNotContain("Graceful shutdown of shard region timed out", t.Logs);

        await RestartAsync(t, llm);
        var cards = await Eventually.Get(() => Cards(t, "cid-card-stopped"), c => c.Count == 2 && c.All(x => x.Finalized == true), "two finalized cards");
        Assert.Contains("Interrupted by a restart", cards[0].Text);
        Assert.Equal("LLM says: slow x y z w v u", cards[1].Text);
        Assert.Empty(await Markdown(t, "cid-card-stopped"));
    }

    [Fact]
    public async Task A_card_refused_at_delivery_should_leave_the_whole_answer_in_markdown_once()
    {
        await using var llm = await OpenAiCompatibleServer.StartAsync();
        await using var t = await StartWith(llm);
        await t.Control.FaultAsync(new { cardRefuseNext = 1 });
        await t.Control.DmAsync("cid-card-refused", "user001", "refuse my card");
        var replies = await Eventually.Get(() => Markdown(t, "cid-card-refused"), r => r.Count >= 1, "the markdown answer");
        Assert.Equal("LLM says: refuse my card", Assert.Single(replies).Text);
        Assert.Empty(await Cards(t, "cid-card-refused"));

        // The conversation keeps to markdown for a while: the next answer is a message too.
        await t.Control.DmAsync("cid-card-refused", "user001", "and again");
        await Eventually.Get(() => Markdown(t, "cid-card-refused"), r => r.Count == 2, "the second answer");
        Assert.Empty(await Cards(t, "cid-card-refused"));
    }

    [Fact]
    public async Task Card_writes_refused_mid_answer_should_go_on_in_markdown_without_losing_or_repeating_text()
    {
        await using var llm = await OpenAiCompatibleServer.StartAsync();
        await using var t = await StartWith(llm);
        await t.Control.DmAsync("cid-card-degrade", "user001", "slow alpha beta gamma delta epsilon zeta eta theta");
        await CardWhere(t, "cid-card-degrade", c => c.Finalized == false && c.Text.Length > "LLM says: slow".Length, "the card streaming");
        // DingTalk fails every call for a while: three live writes in a row fail, and the answer leaves the card.
        await t.Control.FaultAsync(new { serverErrorNext = 6 });

        var markdown = await Eventually.Get(() => Markdown(t, "cid-card-degrade"), r => r.Count >= 1, "the rest of the answer in markdown", TimeSpan.FromSeconds(60));
        var card = (await Cards(t, "cid-card-degrade")).Single();
        var shown = card.Text.Replace("\n\n↓ The answer continues below.", "", StringComparison.Ordinal);
        Assert.Equal("LLM says: slow alpha beta gamma delta epsilon zeta eta theta", shown + string.Concat(markdown.Select(m => m.Text)));
    }

    [Fact]
    public async Task An_answer_longer_than_a_card_should_continue_after_it_in_markdown_in_order()
    {
        await using var llm = await OpenAiCompatibleServer.StartAsync();
        await using var t = await StartWith(llm);
        var prompt = string.Join(' ', Enumerable.Range(1, 1800).Select(i => $"w{i}"));
        await t.Control.DmAsync("cid-card-long", "user001", prompt);
        var card = await CardWhere(t, "cid-card-long", c => c.Finalized == true, "the card finalized");
        var rest = await Eventually.Get(() => Markdown(t, "cid-card-long"), r => r.Count >= 1, "the continuation");
        var whole = "LLM says: " + prompt;
        Assert.True(whole.Length > 6000);
        Assert.Equal(whole, card.Text + string.Concat(rest.Select(m => m.Text)));
    }

    [Fact]
    public async Task Twenty_cards_streaming_at_once_should_keep_within_the_apps_calls_per_second()
    {
        await using var llm = await OpenAiCompatibleServer.StartAsync();
        await using var t = await StartWith(llm);
        var conversations = Enumerable.Range(1, 20).Select(i => $"cid-card-qps-{i}").ToArray();
        foreach (var c in conversations) await t.Control.DmAsync(c, "user" + c[^2..], "slow streaming in parallel one two three four");
        foreach (var c in conversations)
            await CardWhere(t, c, card => card.Finalized == true, $"{c}'s card finalized");

        var calls = await t.Control.CallsAsync();
        Assert.All(calls.Apis, api => Assert.True(api.MaxPerSecond <= SendPace.AppSendsPerSecond, $"{api.Method} {api.Path}: {api.MaxPerSecond} calls in one second"));
        Assert.Equal(0, calls.Refused);
        foreach (var c in conversations)
            Assert.Equal("LLM says: slow streaming in parallel one two three four", (await Cards(t, c)).Single().Text);
    }
}
