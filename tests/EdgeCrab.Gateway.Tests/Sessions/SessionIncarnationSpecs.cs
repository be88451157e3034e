using EdgeCrab.Gateway.Sessions;
using EdgeCrab.Gateway.Sessions.Events;
using EdgeCrab.Gateway.Tests.Support;
using Xunit;

namespace EdgeCrab.Gateway.Tests.Sessions;

/// <summary>
/// A journal's life is named <c>msgId@time</c> exactly as before it was kept as its two parts: chunk keys (the msgUuid
/// DingTalk dedups by) and card ids are made from that text, in events and snapshots already written.
/// </summary>
public sealed class SessionIncarnationSpecs
{
    [Fact]
    public void The_first_message_should_name_the_journal_by_its_msgId_and_its_time_in_UTC()
    {
        var at = new DateTimeOffset(2026, 11, 30, 17, 5, 9, 123, TimeSpan.FromHours(8)).AddTicks(4567);
        var first = new MessageReceived(Inbound.Dm("hi", msgId: "msgFirst"), MessageRole.Prompt, at);

        Assert.Equal("msgFirst@2026-11-30T09:05:09.1234567Z", SessionIncarnation.Of(first).ToString());
        Assert.Equal("msgFirst@2026-11-30T09:05:09.1234567Z", ConversationState.Empty("cid").Apply(first).Incarnation);
    }

    [Theory]
    [InlineData("msgGolden0@2026-11-24T00:00:00.0000000Z")]
    [InlineData("msg@with@ats@2026-11-24T00:00:00.0000001Z")]
    [InlineData("no time at all")]
    [InlineData("msg@2026-11-24T08:00:00.0000000+08:00")]
    [InlineData("msg@2026-11-24T00:00:00Z")]
    [InlineData("@2026-11-24T00:00:00.0000000Z")]
    public void A_stored_name_should_come_back_as_the_same_text(string name)
    {
        Assert.Equal(name, SessionIncarnation.Parse(name).ToString());
        Assert.Equal(name, (ConversationState.Empty("cid") with { Incarnation = name }).Incarnation);
    }
}
