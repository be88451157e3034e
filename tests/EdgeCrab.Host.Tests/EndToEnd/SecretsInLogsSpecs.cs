using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary>The gateway at debug level, through every path, never logs the AppSecret, an access token, a ticket or a webhook token.</summary>
public sealed partial class SecretsInLogsSpecs
{
    [Fact]
    public async Task No_secret_should_appear_in_any_log_output_at_debug_level()
    {
        await using var t = await GatewayUnderTest.StartAsync(s => s with { AllowedUsers = new HashSet<string> { "manager001", "user002", "user004", "user005" } });
        using var trap = new WebhookTrap();

        await t.Control.DmAsync("cid-s-dm", "manager001", "hello");
        await t.Control.GroupAsync("cid-s-group", "user002", "in the group", atRobot: true);
        await t.Control.GroupAsync("cid-s-group", "user002", "not for the robot", atRobot: false);
        await t.Control.DmAsync("cid-s-outsider", "user003", "let me in");
        await t.Control.SayAsync(new { conversationType = "1", conversationId = "cid-s-forged", senderStaffId = "user004", text = "forged", sessionWebhook = trap.Url });
        await t.Control.FaultAsync(new { duplicateNext = 1, malformedFrameNext = 1 });
        await t.Control.DmAsync("cid-s-dm", "manager001", "/status");
        // Robot API path (access tokens), with a rate limit and an expired token on the way.
        await t.Control.FaultAsync(new { webhookLifetimeMs = 0, rateLimitNext = 1, expireTokens = true });
        await t.Control.DmAsync("cid-s-api", "user005", "via the robot api");
        await WaitReplies(t, "cid-s-api", 1);
        await t.Control.FaultAsync(new { webhookLifetimeMs = (long?)null, expireTokens = true });
        await t.Control.DmAsync("cid-s-api", "user005", "after the token expired");
        await WaitReplies(t, "cid-s-api", 2);
        // Reconnects: new tickets. (A person has one DM conversation with the robot, so each DM here has its own user.)
        await t.Control.FaultAsync(new { dropConnections = true });
        await t.Control.DmAsync("cid-s-dm", "manager001", "after the drop");
        await WaitReplies(t, "cid-s-dm", 3);
        await t.Control.FaultAsync(new { sendDisconnect = true });
        await t.Control.DmAsync("cid-s-dm", "manager001", "after the disconnect");
        await WaitReplies(t, "cid-s-dm", 4);
        await WaitReplies(t, "cid-s-forged", 1);

        var logs = t.Logs;
        Assert.Contains("[dingtalk]", logs); // the logs are really there, and at debug level
        Assert.Contains("DBG", logs);
        Assert.DoesNotContain(t.Emulator.Credentials.AppSecret, logs);
        Assert.DoesNotContain(await CurrentAccessTokenAsync(t), logs);
        Assert.Empty(UnmaskedCredential().Matches(logs).Select(m => m.Value));
    }

    private static Task WaitReplies(GatewayUnderTest t, string conversation, int count) =>
        Eventually.Get(() => t.Control.RobotRepliesAsync(conversation), r => r.Count >= count, $"{count} replies in {conversation}");

    /// <summary>DingTalk hands out the same token while it is valid: the one the gateway holds now.</summary>
    private static async Task<string> CurrentAccessTokenAsync(GatewayUnderTest t)
    {
        using var http = new HttpClient { BaseAddress = t.Emulator.BaseUri };
        using var response = await http.PostAsJsonAsync("/v1.0/oauth2/accessToken",
            new { appKey = t.Emulator.Credentials.AppKey, appSecret = t.Emulator.Credentials.AppSecret });
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("accessToken").GetString()!;
    }

    // A ticket, session token, access token or secret that was written out instead of masked.
    [GeneratedRegex("""(ticket|session|access_token|accessToken|appSecret|clientSecret)"?\s*[=:]\s*"?(?!\*\*\*)[A-Za-z0-9_\-]{6,}""")]
    private static partial Regex UnmaskedCredential();
}
