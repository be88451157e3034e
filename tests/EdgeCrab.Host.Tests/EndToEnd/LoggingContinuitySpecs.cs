using Xunit;

namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary>Whatever a log line carries (JSON from DingTalk, user text with braces), logging keeps working after it.</summary>
public sealed class LoggingContinuitySpecs
{
    [Fact]
    public async Task Logging_should_continue_after_a_disconnect_frame_is_logged()
    {
        var selfLog = new StringWriter();
        Serilog.Debugging.SelfLog.Enable(TextWriter.Synchronized(selfLog));
        await using var t = await GatewayUnderTest.StartAsync();
        await t.Control.FaultAsync(new { sendDisconnect = true });
        await Eventually.Get(() => Task.FromResult(t.Logs), l => l.Contains("replacing connection"), "a replacement connection");
        await t.Control.DmAsync("cid-log", "manager001", "text with {braces} and {0} in it");
        await Eventually.Get(() => t.Control.RobotRepliesAsync("cid-log"), r => r.Count == 1, "the answer");
        await t.Control.FaultAsync(new { dropConnections = true });
        await Eventually.Get(() => Task.FromResult(t.Logs), l => l.Contains("connection lost") || l.Contains("lost:"), "the drop is logged", TimeSpan.FromSeconds(10));
        Assert.Contains("""({"reason":"connection is expired"})""", t.Logs);
        Assert.Equal("", selfLog.ToString());
        Serilog.Debugging.SelfLog.Disable();
    }
}
