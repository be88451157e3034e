using EdgeCrab.DingTalk.Security;

namespace EdgeCrab.DingTalk.Tests.Security;

public sealed class SessionWebhookPolicySpecs
{
    private static readonly SessionWebhookPolicy Production = SessionWebhookPolicy.For(DingTalkEndpoints.Production);

    private static readonly SessionWebhookPolicy Emulator = SessionWebhookPolicy.For(DingTalkEndpoints.SingleHost(new Uri("http://127.0.0.1:5123")));

    [Theory]
    [InlineData("https://oapi.dingtalk.com/robot/sendBySession?session=x")]
    [InlineData("https://oapi.dingtalk.com/robot/sendBySession?session=0a1b2c3d4e5f6a7b8c9d")]
    [InlineData("https://oapi.dingtalk.com:443/robot/sendBySession?session=x")]
    [InlineData("https://OAPI.DingTalk.com/robot/sendBySession?session=x")]
    [InlineData("https://api.dingtalk.com/robot/sendBySession?session=x")]
    public void Check_should_accept_DingTalk_webhooks(string webhook)
    {
        Assert.Null(Production.Check(webhook));
        Assert.True(Production.IsAllowed(webhook));
    }

    [Theory]
    [InlineData("http://oapi.dingtalk.com/robot/sendBySession?session=x")]
    [InlineData("https://oapi.dingtalk.com:8443/robot/sendBySession?session=x")]
    [InlineData("https://oapi.dingtalk.com:80/robot/sendBySession?session=x")]
    [InlineData("https://oapi.dingtalk.com.evil.com/robot/sendBySession?session=x")]
    [InlineData("https://evil.com/oapi.dingtalk.com/robot/sendBySession?session=x")]
    [InlineData("https://evil.com/?u=https://oapi.dingtalk.com/robot/sendBySession")]
    [InlineData("https://oapi.dingtalk.com@evil.com/robot/sendBySession?session=x")]
    [InlineData("https://user:pass@oapi.dingtalk.com/robot/sendBySession?session=x")]
    [InlineData("https://evil.com\\@oapi.dingtalk.com/robot/sendBySession")]
    [InlineData("https://evildingtalk.com/robot/sendBySession?session=x")]
    [InlineData("https://dingtalk.com/robot/sendBySession?session=x")]
    [InlineData("https://oapi.dingtalk.io/robot/sendBySession?session=x")]
    [InlineData("https://xn--oapi-dingtalk-com.evil/robot")]
    [InlineData("https://203.119.129.1/robot/sendBySession?session=x")]
    [InlineData("https://[::1]/robot/sendBySession?session=x")]
    [InlineData("https://127.0.0.1:5123/robot/sendBySession?session=x")]
    [InlineData("wss://oapi.dingtalk.com/robot/sendBySession?session=x")]
    [InlineData("ftp://oapi.dingtalk.com/robot/sendBySession")]
    [InlineData("file:///etc/passwd")]
    [InlineData("/robot/sendBySession?session=x")]
    [InlineData("robot/sendBySession?session=x")]
    [InlineData("//oapi.dingtalk.com/robot/sendBySession?session=x")]
    [InlineData("oapi.dingtalk.com/robot/sendBySession?session=x")]
    [InlineData("https://oapi.dingtalk.com%2eevil.com/robot/sendBySession?session=x")]
    [InlineData("https://oapi.dingtalk.com\t.evil.com/robot/sendBySession?session=x")]
    [InlineData("https://oapi.dingtalk.com\n.evil.com/robot/sendBySession?session=x")]
    [InlineData("https://oapi.dingtalk.com%00.evil.com/robot/sendBySession?session=x")]
    [InlineData("https://evil.com#@oapi.dingtalk.com/robot/sendBySession")]
    [InlineData("https://evil.com?@oapi.dingtalk.com/robot/sendBySession")]
    [InlineData(" https://evil.com/ https://oapi.dingtalk.com/")]
    [InlineData("not a url at all")]
    [InlineData("https://")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Check_should_refuse_anything_else(string? webhook)
    {
        Assert.NotNull(Production.Check(webhook));
        Assert.False(Production.IsAllowed(webhook));
    }

    [Fact]
    public void Check_should_never_repeat_the_session_token()
    {
        var reason = Production.Check("https://evil.com/robot/sendBySession?session=secret-session-token");

        Assert.NotNull(reason);
        Assert.DoesNotContain("secret-session-token", reason);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5123/robot/sendBySession?session=x")]
    [InlineData("https://oapi.dingtalk.com/robot/sendBySession?session=x")]
    public void Check_should_accept_the_configured_base(string webhook) =>
        Assert.Null(Emulator.Check(webhook));

    [Theory]
    [InlineData("https://oapi.dingtalk.com/robot/send?access_token=someone-elses-robot")]
    [InlineData("https://api.dingtalk.com/v1.0/robot/groupMessages/send")]
    [InlineData("https://oapi.dingtalk.com/robot/sendBySession/../send?access_token=x")]
    [InlineData("http://127.0.0.1:5123/anything")]
    public void Check_should_refuse_a_real_host_with_another_path(string webhook)
    {
        // On a genuine host, /robot/send?access_token=... would post the answer into another robot's group.
        Assert.Contains("is not /robot/sendBySession", Emulator.Check(webhook));
    }

    [Theory]
    [InlineData("https://127.0.0.1:5123/robot/sendBySession?session=x")]
    [InlineData("http://127.0.0.1:5124/robot/sendBySession?session=x")]
    [InlineData("http://127.0.0.1/robot/sendBySession?session=x")]
    [InlineData("http://localhost:5123/robot/sendBySession?session=x")]
    [InlineData("http://127.0.0.2:5123/robot/sendBySession?session=x")]
    [InlineData("http://user@127.0.0.1:5123/robot/sendBySession?session=x")]
    [InlineData("http://oapi.dingtalk.com/robot/sendBySession?session=x")]
    public void Check_should_accept_the_configured_base_only_with_its_scheme_host_and_port(string webhook) =>
        Assert.NotNull(Emulator.Check(webhook));

    [Fact]
    public void Check_should_accept_a_configured_https_base_on_its_default_port()
    {
        var policy = new SessionWebhookPolicy(new Uri("https://dingtalk.example.org"));

        Assert.Null(policy.Check("https://dingtalk.example.org/robot/sendBySession?session=x"));
        Assert.Null(policy.Check("https://dingtalk.example.org:443/robot/sendBySession?session=x"));
        Assert.NotNull(policy.Check("http://dingtalk.example.org/robot/sendBySession?session=x"));
    }
}
