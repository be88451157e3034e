using Xunit;

namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary>
/// Exhausted retries, end to end: a long answer whose middle chunk DingTalk (the emulator) refuses for good is cut
/// there, the user is told in one line, <c>sessions show</c> marks the lost part, and <c>/retry</c> delivers it.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class UndeliveredReplySpecs
{
    private const string Marker = "MIDDLE-MARKER";

    private static string Paragraph(string name) => name + " " + string.Join(' ', Enumerable.Repeat("word", 1000));

    [Fact]
    public async Task A_refused_middle_chunk_should_cut_the_reply_tell_the_user_show_the_gap_and_be_sent_on_retry()
    {
        await using var t = await GatewayUnderTest.StartAsync();
        var (first, middle, last) = (Paragraph("FIRST-PART"), Paragraph(Marker), Paragraph("LAST-PART"));
        await t.Control.FaultAsync(new { refuseSendsContaining = Marker });

        await t.Control.DmAsync("cid-gap", "manager001", $"{first}\n\n{middle}\n\n{last}");

        var cut = await Eventually.Get(() => t.Control.RobotRepliesAsync("cid-gap"), r => r.Count == 2, "part 1 and the notice");
        Assert.Contains("FIRST-PART", cut[0].Text);
        Assert.DoesNotContain(Marker, cut[0].Text);
        Assert.Contains("parts 2 to 3 of 3 could not be delivered", cut[1].Text);
        Assert.Contains("/retry", cut[1].Text);
        // Part 3 was deliverable, and was not sent: after the hole it would pretend the answer is whole.
        Assert.DoesNotContain(cut, r => r.Text.Contains("LAST-PART", StringComparison.Ordinal));

        await t.Control.FaultAsync(new { refuseSendsContaining = (string?)null });
        await t.Control.DmAsync("cid-gap", "manager001", "/retry");
        var resent = await Eventually.Get(() => t.Control.RobotRepliesAsync("cid-gap"), r => r.Count == 4, "the lost part, sent again");
        Assert.StartsWith(Marker, resent[2].Text);
        Assert.StartsWith("LAST-PART", resent[3].Text);
        await t.App!.StopAsync();

        var show = await EdgecrabCli.RunAsync("sessions", "show", "cid-gap", "--home", t.Home);
        Assert.Equal(0, show.Exit);
        Assert.Contains($"[NOT DELIVERED, parts 2-3 of 3: {Marker}", show.Out);
        Assert.Contains("NOT delivered from part 2 on", show.Out);
        Assert.Contains("robot (notice): The reply", show.Out);
        Assert.Contains($"robot (resent on /retry): {Marker}", show.Out);
    }
}
