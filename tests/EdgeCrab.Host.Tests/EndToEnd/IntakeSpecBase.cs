using EdgeCrab.DingTalk.Emulator;
using EdgeCrab.DingTalk.Robot;
using EdgeCrab.DingTalk.Tests.Robot;
using EdgeCrab.Host.Settings;
using FsCheck.Fluent;
using Xunit;

namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary>
/// What the gateway does with a robot callback whichever way DingTalk delivers it: one spec, run over the stream
/// websocket (<see cref="StreamIntakeSpecs"/>) and over HTTP callbacks (<see cref="HttpCallbackIntakeSpecs"/>), as
/// TurboMqtt's TransportSpecBase runs one spec over two transports. People write through the emulator's control API
/// and every outcome is read back from the emulator: the callback's acks and refusals, and what the robot said.
/// Nothing is proved absent by waiting: a later message in the same conversation is answered after anything the
/// earlier one could have caused, so the whole list of answers is asserted once that later answer is in.
/// </summary>
public abstract class IntakeSpecBase
{
    private const int HostileCases = 40;

    /// <summary>The emulator (<see cref="Emulator"/>, then <paramref name="emulator"/>), delivering over this path, and a gateway taking callbacks from it.</summary>
    private protected abstract Task<GatewayUnderTest> StartAsync(Func<GatewaySettings, GatewaySettings>? configure = null,
        Func<EmulatorOptions, EmulatorOptions>? emulator = null);

    /// <summary>Whether the gateway has settled this callback one way or the other, as this path shows it.</summary>
    private protected abstract bool Settled(EmulatorControl.CallbackState callback);

    /// <summary>Whether the gateway refused this callback, as this path shows it.</summary>
    private protected abstract bool Refused(EmulatorControl.CallbackState callback);

    /// <summary>The line this path logs once for every callback it refuses as unreadable.</summary>
    protected abstract string RefusalLine { get; }

    /// <summary>
    /// Quick redelivery, so that a callback the gateway could not take in time (a busy machine) comes again well
    /// within a spec's patience, as DingTalk's would; frequent pings, so the stream stays alive through the slowest spec.
    /// </summary>
    protected static EmulatorOptions Emulator(Uri? httpCallbackUrl = null) => new()
    {
        RedeliverAfter = TimeSpan.FromSeconds(3),
        PingInterval = TimeSpan.FromSeconds(1),
        HttpCallbackUrl = httpCallbackUrl,
    };

    protected static string Echo(string text) => "(offline agent) You said: " + text;

    /// <summary>Waits for as many robot answers as expected in the conversation, then asserts they are exactly those.</summary>
    private protected static async Task<IReadOnlyList<EmulatorControl.ChatMessage>> ExpectReplies(GatewayUnderTest t, string conversationId, params string[] texts)
    {
        var replies = await Eventually.Get(() => t.Control.RobotRepliesAsync(conversationId), r => r.Count >= texts.Length,
            $"{texts.Length} robot answer(s) in {conversationId}");
        Assert.Equal(texts, replies.Select(r => r.Text));
        return replies;
    }

    /// <summary>A one-to-one robot callback's data, as the gateway's own tests write it rather than the emulator.</summary>
    protected static string DirectCallback(string msgId, string conversationId, string staffId, string text) => RobotMessageCodec.Write(new RobotMessage
    {
        MsgId = msgId,
        Content = new TextContent(text),
        ConversationId = conversationId,
        ConversationType = ConversationType.Direct,
        SenderStaffId = staffId,
        SenderNick = "Nick " + staffId,
    });

    private static Task<EmulatorControl.CallbackState> Acked(GatewayUnderTest t, string msgId) =>
        Eventually.Get(() => t.Control.CallbackAsync(msgId), c => c.Acked, $"the ack of {msgId}");

    [Fact]
    public async Task A_DM_should_be_acked_and_answered_once()
    {
        await using var t = await StartAsync();
        var msgId = await t.Control.DmAsync("cid-dm", "manager001", "hello robot");
        var first = await ExpectReplies(t, "cid-dm", Echo("hello robot"));
        Assert.Equal("sessionWebhook", first.Single().Via);
        Assert.Equal(1, (await Acked(t, msgId)).Deliveries);

        await t.Control.DmAsync("cid-dm", "manager001", "and again");
        await ExpectReplies(t, "cid-dm", Echo("hello robot"), Echo("and again"));
    }

    [Fact]
    public async Task A_group_message_should_be_answered_only_when_the_robot_is_mentioned_with_the_mention_stripped()
    {
        await using var t = await StartAsync();
        var unmentioned = await t.Control.GroupAsync("cid-group", "user002", "talking among ourselves", atRobot: false);
        await Acked(t, unmentioned);
        // DingTalk sends a mention as the text with the robot's @name cut out and the space after it left in.
        await t.Control.GroupAsync("cid-group", "user002", "robot, summarise please", atRobot: true);
        // In a group the agent reads who is speaking (the emulator's nick defaults to the staff id).
        await ExpectReplies(t, "cid-group", Echo("[user002] robot, summarise please"));
    }

    [Fact]
    public async Task A_sender_outside_the_allow_list_should_never_reach_the_agent()
    {
        await using var t = await StartAsync(s => s with { AllowedUsers = new HashSet<string> { "manager001" } });
        var dm = await t.Control.DmAsync("cid-outsider", "user003", "let me in");
        var group = await t.Control.GroupAsync("cid-allow-group", "user003", "me as well, please", atRobot: true);
        await Acked(t, dm);
        await Acked(t, group);

        await t.Control.GroupAsync("cid-allow-group", "manager001", "hi", atRobot: true);
        await ExpectReplies(t, "cid-allow-group", Echo("[manager001] hi"));
        Assert.Empty(await t.Control.RobotRepliesAsync("cid-outsider"));
        Assert.DoesNotContain("let me in", t.Logs);
        Assert.DoesNotContain("me as well, please", t.Logs);
    }

    [Fact]
    public async Task A_repeated_msgId_should_be_answered_once()
    {
        await using var t = await StartAsync();
        // The person writes once through the emulator first, so its robot API knows the DM the answers below belong to.
        await t.Control.DmAsync("cid-repeat", "repeat001", "hello");
        await ExpectReplies(t, "cid-repeat", Echo("hello"));
        var body = DirectCallback("msgRepeated", "cid-repeat", "repeat001", "only once please");

        // Both pushed before either is settled: over HTTP the two are in flight together.
        var first = await t.Control.RawAsync(body);
        var second = await t.Control.RawAsync(body);
        await Acked(t, first.MsgId);
        await Acked(t, second.MsgId);

        await t.Control.DmAsync("cid-repeat", "repeat001", "and after");
        await ExpectReplies(t, "cid-repeat", Echo("hello"), Echo("only once please"), Echo("and after"));
    }

    [Fact]
    public async Task Hostile_callbacks_should_each_be_refused_or_taken_once_without_taking_the_path_down()
    {
        // Redelivery far away: the emulator sends a refused HTTP callback again, and a refusal logged twice must then be
        // the gateway's fault, not a redelivery.
        await using var t = await StartAsync(emulator: o => o with { RedeliverAfter = TimeSpan.FromSeconds(60) });
        var connects = await t.ConnectsAsync();
        // One that no generator run can miss, then FsCheck's.
        string[] poison = ["{\"msgId\": \"msgCutShort\", \"text\": {\"con", .. HostileRobotJson.Callback.Sample(HostileCases)];

        var pushes = new List<(string Data, EmulatorControl.RawPush Push)>();
        foreach (var data in poison) pushes.Add((data, await t.Control.RawAsync(data)));

        var refused = 0;
        foreach (var (data, push) in pushes)
        {
            var callback = await Eventually.Get(() => t.Control.CallbackAsync(push.MsgId), Settled, $"an ack or a refusal of {data}");
            var unreadable = RobotMessageCodec.Parse(data) is RobotMessageParseResult.Malformed;
            Assert.True(unreadable == Refused(callback), $"refused = {Refused(callback)} for {data}");
            Assert.Equal(1, callback.Deliveries);
            if (unreadable) refused++;
        }
        Assert.True(refused > 0);

        await t.Control.DmAsync("cid-after-poison", "manager001", "still there?");
        await ExpectReplies(t, "cid-after-poison", Echo("still there?"));
        Assert.Equal(1, await t.Control.ConnectionCountAsync());
        Assert.Equal(connects, await t.ConnectsAsync());
        // Logging is asynchronous: wait for every refusal's line, then check that none came twice.
        await Eventually.Get(() => Task.FromResult(t.ConsoleLog.Occurrences(RefusalLine)), n => n >= refused, "every refusal logged");
        Assert.Equal(refused, t.ConsoleLog.Occurrences(RefusalLine));
    }

    [Fact]
    public async Task Unsupported_types_and_oversized_text_should_get_one_clear_reply()
    {
        await using var t = await StartAsync(s => s with { MaxInboundChars = 1000 });
        await t.Control.SayAsync(new { conversationType = "1", conversationId = "cid-picture", senderStaffId = "manager001", text = "a sticker", msgtype = "unknownMsgType" });
        await t.Control.DmAsync("cid-long", "manager002", new string('x', 1001));
        var picture = await Eventually.Get(() => t.Control.RobotRepliesAsync("cid-picture"), r => r.Count >= 1, "the answer to the picture");
        var longText = await Eventually.Get(() => t.Control.RobotRepliesAsync("cid-long"), r => r.Count >= 1, "the answer to the long text");
        Assert.Contains("I can only read text", picture[0].Text);
        Assert.Contains("1,001 characters", longText[0].Text);

        await t.Control.DmAsync("cid-picture", "manager001", "and in words");
        await t.Control.DmAsync("cid-long", "manager002", "and shorter");
        await ExpectReplies(t, "cid-picture", picture[0].Text, Echo("and in words"));
        await ExpectReplies(t, "cid-long", longText[0].Text, Echo("and shorter"));
    }

    [Fact]
    public async Task A_forged_session_webhook_should_never_be_called()
    {
        await using var t = await StartAsync();
        using var trap = new WebhookTrap();
        await t.Control.SayAsync(new { conversationType = "1", conversationId = "cid-forged", senderStaffId = "manager001", text = "answer me", sessionWebhook = trap.Url });
        var replies = await ExpectReplies(t, "cid-forged", Echo("answer me"));
        Assert.Equal("robotApi", replies.Single().Via);
        Assert.Equal(0, trap.Calls);
        // Logging is asynchronous (and over HTTP the intake's line follows the ack): the answer can come first.
        await Eventually.True(() => t.Logs.Contains("forged session webhook", StringComparison.Ordinal), "the forged webhook logged");
    }
}
