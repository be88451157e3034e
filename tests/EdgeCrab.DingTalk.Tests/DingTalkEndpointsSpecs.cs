namespace EdgeCrab.DingTalk.Tests;

public sealed class DingTalkEndpointsSpecs
{
    [Fact]
    public void Production_should_point_at_DingTalk_two_hosts()
    {
        Assert.Equal("https://api.dingtalk.com/v1.0/oauth2/accessToken", DingTalkEndpoints.Production.Api("/v1.0/oauth2/accessToken").ToString());
        Assert.Equal("https://oapi.dingtalk.com/gettoken?appkey=k", DingTalkEndpoints.Production.Oapi("/gettoken?appkey=k").ToString());
    }

    [Fact]
    public void SingleHost_should_serve_both_APIs_from_the_emulator()
    {
        var endpoints = DingTalkEndpoints.SingleHost(new Uri("http://127.0.0.1:5123"));

        Assert.Equal("http://127.0.0.1:5123/v1.0/gateway/connections/open", endpoints.Api("/v1.0/gateway/connections/open").ToString());
        Assert.Equal("http://127.0.0.1:5123/robot/sendBySession?session=x", endpoints.Oapi("/robot/sendBySession?session=x").ToString());
    }

    [Fact]
    public void Credentials_should_never_show_the_secret_as_text()
    {
        var text = new DingTalkCredentials("dingappkey", "app-secret-value-0123").ToString();

        Assert.Contains("dingappkey", text);
        Assert.DoesNotContain("app-secret-value-0123", text);
    }
}
