using System.Net;
using EdgeCrab.DingTalk.Rest;
using EdgeCrab.DingTalk.Security;

namespace EdgeCrab.DingTalk.Tests.Rest;

public sealed class DingTalkErrorClassifierSpecs
{
    [Theory]
    [InlineData(400, """{"code":"InvalidAuthentication","requestid":"r1","message":"不合法的access_token"}""", DingTalkErrorKind.TokenInvalid, "InvalidAuthentication")]
    [InlineData(401, """{"code":"InvalidAuthentication","requestid":"r1","message":"不合法的access_token"}""", DingTalkErrorKind.TokenInvalid, "InvalidAuthentication")]
    [InlineData(403, """{"code":"Forbidden.AccessDenied.QpsLimitForAppkeyAndApi","requestid":"r1","message":"调用频率超限"}""", DingTalkErrorKind.RateLimited, "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi")]
    [InlineData(403, """{"code":"Forbidden.AccessDenied.QpsLimitForApi","requestid":"r1","message":"x"}""", DingTalkErrorKind.RateLimited, "Forbidden.AccessDenied.QpsLimitForApi")]
    [InlineData(403, """{"code":"Forbidden.AccessDenied.ApiCountLimitForOrg","requestid":"r1","message":"x"}""", DingTalkErrorKind.RateLimited, "Forbidden.AccessDenied.ApiCountLimitForOrg")]
    [InlineData(403, """{"code":"Forbidden.AccessDenied.IpNotInWhiteList","requestid":"r1","message":"x"}""", DingTalkErrorKind.Rejected, "Forbidden.AccessDenied.IpNotInWhiteList")]
    [InlineData(429, """{"code":"Throttling","requestid":"r1","message":"too many"}""", DingTalkErrorKind.RateLimited, "Throttling")]
    [InlineData(429, "", DingTalkErrorKind.RateLimited, null)]
    [InlineData(500, """{"code":"ServiceUnavailable","requestid":"r1","message":"x"}""", DingTalkErrorKind.ServerError, "ServiceUnavailable")]
    [InlineData(502, "<html><body>Bad Gateway</body></html>", DingTalkErrorKind.ServerError, null)]
    [InlineData(503, "", DingTalkErrorKind.ServerError, null)]
    [InlineData(504, "", DingTalkErrorKind.Timeout, null)]
    [InlineData(400, """{"requestid":"r1","code":"invalidClientIdOrSecret","message":"无效的clientId或者clientSecret"}""", DingTalkErrorKind.InvalidCredentials, "invalidClientIdOrSecret")]
    [InlineData(400, """{"code":"invalid.client","message":"x"}""", DingTalkErrorKind.InvalidCredentials, "invalid.client")]
    [InlineData(400, """{"code":"invalidParameter.userIds.overMax","requestid":"r1","message":"x"}""", DingTalkErrorKind.Rejected, "invalidParameter.userIds.overMax")]
    [InlineData(400, """{"code":"invalidParameter.msgParam.invalid","requestid":"r1","message":"x"}""", DingTalkErrorKind.Rejected, "invalidParameter.msgParam.invalid")]
    [InlineData(400, """{"code":"AuthenticationFailed.MissingParameter","requestid":"r1","message":"x"}""", DingTalkErrorKind.Rejected, "AuthenticationFailed.MissingParameter")]
    [InlineData(403, """{"status":1111,"wait":5,"source":"x5","punish":"deny"}""", DingTalkErrorKind.RateLimited, null)]
    [InlineData(403, """{ "status": 1111, "wait": 5, "source": "x5", "punish": "deny" }""", DingTalkErrorKind.RateLimited, null)]
    [InlineData(200, """{"status":1111,"wait":5,"source":"x5","punish":"deny"}""", DingTalkErrorKind.RateLimited, null)]
    public void Classify_should_read_new_API_errors(int status, string body, DingTalkErrorKind kind, string? code)
    {
        var error = Classify(status, body);

        Assert.Equal(kind, error.Kind);
        Assert.Equal(code, error.Code);
        Assert.Equal(status, error.HttpStatus);
    }

    [Fact]
    public void Classify_should_keep_the_request_id_and_DingTalk_message()
    {
        var error = Classify(400, """{"code":"invalidParameter.robotCode.empty","requestid":"4F9A-11","message":"robotCode不能为空"}""");

        Assert.Equal("4F9A-11", error.RequestId);
        Assert.Contains("robotCode不能为空", error.Message);
        Assert.Contains("robot send", error.Message);
        Assert.Equal("robot send", error.Operation);
    }

    [Theory]
    [InlineData("""{"errcode":0,"errmsg":"ok"}""")]
    [InlineData("""{"errcode":"0","errmsg":"ok"}""")]
    [InlineData("""{"errcode":0,"errmsg":"ok","access_token":"t","expires_in":7200}""")]
    [InlineData("""{"accessToken":"t","expireIn":7200}""")]
    [InlineData("""{"processQueryKey":"k","invalidStaffIdList":[]}""")]
    [InlineData("")]
    public void Classify_should_see_no_error_in_a_success(string body) =>
        Assert.Null(DingTalkErrorClassifier.Classify("op", HttpStatusCode.OK, body, new SecretRedactor()));

    [Theory]
    [InlineData("""{"errcode":40096,"errmsg":"不合法的appKey或appSecret"}""", DingTalkErrorKind.InvalidCredentials, "40096")]
    [InlineData("""{"errcode":88,"sub_code":"40014","sub_msg":"不合法的access_token","errmsg":"ding talk error[subcode=40014,submsg=不合法的access_token]"}""", DingTalkErrorKind.TokenInvalid, "88")]
    [InlineData("""{"errcode":40014,"errmsg":"invalid access token"}""", DingTalkErrorKind.TokenInvalid, "40014")]
    [InlineData("""{"errcode":90018,"errmsg":"请求频率超过限制"}""", DingTalkErrorKind.RateLimited, "90018")]
    [InlineData("""{"errcode":300001,"errmsg":"session 不存在"}""", DingTalkErrorKind.SessionExpired, "300001")]
    [InlineData("""{"errcode":660026,"errmsg":"sending too many messages per minute"}""", DingTalkErrorKind.RateLimited, "660026")]
    [InlineData("""{"errcode":300005,"errmsg":"token is not exist"}""", DingTalkErrorKind.Rejected, "300005")]
    [InlineData("""{"errcode":310000,"errmsg":"签名不匹配"}""", DingTalkErrorKind.Rejected, "310000")]
    [InlineData("""{"errcode":15,"errmsg":"isp.top-remote-connection-timeout"}""", DingTalkErrorKind.Timeout, "15")]
    [InlineData("""{"errcode":-1,"errmsg":"系统繁忙"}""", DingTalkErrorKind.ServerError, "-1")]
    public void Classify_should_read_legacy_errcodes_in_a_200(string body, DingTalkErrorKind kind, string code)
    {
        var error = Classify(200, body);

        Assert.Equal(kind, error.Kind);
        Assert.Equal(code, error.Code);
        Assert.Null(error.HttpStatus);
    }

    [Fact]
    public void Classify_should_prefer_the_legacy_sub_message()
    {
        var error = Classify(200, """{"errcode":88,"sub_code":"40014","sub_msg":"不合法的access_token","errmsg":"ding talk error"}""");

        Assert.Contains("不合法的access_token", error.Message);
    }

    [Theory]
    [InlineData(502, "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>Tengine</center></body></html>")]
    [InlineData(400, "")]
    [InlineData(400, "   ")]
    [InlineData(403, "[1,2,3]")]
    [InlineData(404, "\"just a string\"")]
    [InlineData(500, "{\"code\":")]
    [InlineData(400, "\u0000\u0001\u0002 binary")]
    public void Classify_should_give_a_safe_error_for_an_unreadable_body(int status, string body)
    {
        var error = Classify(status, body);

        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.True(error.Message.Length < 500, "the message is bounded");
    }

    [Fact]
    public void Classify_should_mask_secrets_DingTalk_repeats()
    {
        var redactor = new SecretRedactor();
        redactor.Register("registered-access-token-123");

        var error = DingTalkErrorClassifier.Classify("token", HttpStatusCode.BadRequest,
            """{"code":"InvalidAuthentication","message":"不合法的access_token: registered-access-token-123, see ?access_token=other-token-456"}""", redactor)!;

        Assert.DoesNotContain("registered-access-token-123", error.Message);
        Assert.DoesNotContain("other-token-456", error.Message);
    }

    [Fact]
    public void Classify_should_mask_secrets_in_a_short_unreadable_body()
    {
        var error = Classify(502, "bad gateway for ?access_token=leaked-token");

        Assert.DoesNotContain("leaked-token", error.Message);
    }

    [Fact]
    public void Classify_should_bound_a_long_message()
    {
        var error = Classify(400, $$"""{"code":"invalidParameter.x","message":"{{new string('x', 5000)}}"}""");

        Assert.True(error.Message.Length < 500);
    }

    [Theory]
    [InlineData(DingTalkErrorKind.RateLimited, true)]
    [InlineData(DingTalkErrorKind.TokenInvalid, true)]
    [InlineData(DingTalkErrorKind.ServerError, true)]
    [InlineData(DingTalkErrorKind.Timeout, true)]
    [InlineData(DingTalkErrorKind.Unreachable, true)]
    [InlineData(DingTalkErrorKind.InvalidCredentials, false)]
    [InlineData(DingTalkErrorKind.SessionExpired, false)]
    [InlineData(DingTalkErrorKind.ForgedWebhook, false)]
    [InlineData(DingTalkErrorKind.Rejected, false)]
    [InlineData(DingTalkErrorKind.BadResponse, false)]
    public void IsRetryable_should_say_whether_the_same_call_can_succeed_later(DingTalkErrorKind kind, bool retryable) =>
        Assert.Equal(retryable, new DingTalkApiException(kind, "op", "m").IsRetryable);

    [Fact]
    public void Every_kind_should_have_a_retry_decision_tested() =>
        Assert.Equal(10, Enum.GetValues<DingTalkErrorKind>().Length);

    private static DingTalkApiException Classify(int status, string body)
    {
        var error = DingTalkErrorClassifier.Classify("robot send", (HttpStatusCode)status, body, new SecretRedactor());
        Assert.NotNull(error);
        return error;
    }
}
