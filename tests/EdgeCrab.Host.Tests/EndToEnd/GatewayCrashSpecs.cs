using Xunit;
using Xunit.Abstractions;

namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary>Kill the gateway mid-traffic and start a new one on the same SQLite file: nothing lost, nothing twice.</summary>
public sealed class GatewayCrashSpecs(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_message_should_be_answered_exactly_once_across_a_crash()
    {
        const int conversations = 6, perConversation = 5;
        await using var t = await GatewayUnderTest.StartAsync();
        var sent = new List<(string Conversation, string Text, string MsgId)>();
        var traffic = Task.Run(async () =>
        {
            for (var i = 0; i < perConversation; i++)
                for (var c = 0; c < conversations; c++)
                {
                    var text = $"message {i} of conversation {c}";
                    var msgId = await t.Control.DmAsync($"cid-crash-{c}", $"user{c:000}", text);
                    lock (sent) sent.Add(($"cid-crash-{c}", text, msgId));
                    await Task.Delay(15); // traffic spread over time, so that the crash falls mid-traffic
                }
        });

        // Crash once some answers are out and more are on the way.
        await Eventually.Get(async () =>
        {
            var total = 0;
            for (var c = 0; c < conversations; c++) total += (await t.Control.RobotRepliesAsync($"cid-crash-{c}")).Count;
            return total;
        }, n => n >= 4, "a few answers before the crash");
        await t.CrashGatewayAsync();
        output.WriteLine("crashed; starting a new gateway on the same journal");
        await traffic;
        await t.StartGatewayAsync();

        for (var c = 0; c < conversations; c++)
        {
            var conversation = $"cid-crash-{c}";
            var replies = await Eventually.Get(() => t.Control.RobotRepliesAsync(conversation), r => r.Count >= perConversation,
                $"{perConversation} answers in {conversation}", TimeSpan.FromSeconds(60));
            var expected = sent.Where(s => s.Conversation == conversation).Select(s => "(offline agent) You said: " + s.Text);
            Assert.Equal(expected.Order(), replies.Select(r => r.Text).Order());
        }
        // Redeliveries still arriving must not produce second answers.
        await t.Control.SayAfterEveryAckAsync(sent.Select(s => s.MsgId), Enumerable.Range(0, conversations).Select(c => ($"cid-crash-{c}", $"user{c:000}")),
            TimeSpan.FromSeconds(60));
        for (var c = 0; c < conversations; c++)
            Assert.Equal(perConversation + 1, (await t.Control.RobotRepliesAsync($"cid-crash-{c}")).Count);
    }
}
