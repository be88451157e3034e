using EdgeCrab.DingTalk.Security;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeCrab.DingTalk.Tests.Security;

public sealed class SecretRedactorSpecs
{
    [Fact]
    public void Redact_should_mask_every_registered_secret_wherever_it_appears()
    {
        var redactor = new SecretRedactor();
        redactor.Register("app-secret-0123456789");
        redactor.Register("tok_abcdef123456");

        var text = redactor.Redact("secret app-secret-0123456789 then tok_abcdef123456, again app-secret-0123456789!");

        Assert.Equal("secret *** then ***, again ***!", text);
    }

    [Fact]
    public void Redact_should_mask_a_secret_whole_when_another_secret_is_part_of_it()
    {
        var redactor = new SecretRedactor();
        redactor.Register("abcdef");
        redactor.Register("abcdef-0123456789-longer-token");
        redactor.Register("zz-abcdef-0123456789-longer-token-zz");

        Assert.Equal("[***] [***] [***]", redactor.Redact("[abcdef-0123456789-longer-token] [abcdef] [zz-abcdef-0123456789-longer-token-zz]"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("12345")]
    public void Register_should_ignore_strings_too_short_to_be_secrets(string? secret)
    {
        var redactor = new SecretRedactor();
        redactor.Register(secret);

        Assert.Equal("a 12345 reply text", redactor.Redact("a 12345 reply text"));
    }

    [Theory]
    [InlineData("https://oapi.dingtalk.com/gettoken?appkey=ding1&appsecret=s3cr3t", "https://oapi.dingtalk.com/gettoken?appkey=ding1&appsecret=***")]
    [InlineData("https://oapi.dingtalk.com/robot/send?access_token=abc123&timestamp=1690362102194&sign=xyz%2B%3D", "https://oapi.dingtalk.com/robot/send?access_token=***&timestamp=1690362102194&sign=***")]
    [InlineData("POST https://oapi.dingtalk.com/robot/sendBySession?session=0a1b2c3d failed", "POST https://oapi.dingtalk.com/robot/sendBySession?session=*** failed")]
    [InlineData("wss://wss-open-connection.dingtalk.com:443/connect?ticket=7724109a-87d8-2c5a-aee6", "wss://wss-open-connection.dingtalk.com:443/connect?ticket=***")]
    [InlineData("x-acs-dingtalk-access-token: 0123abcd", "x-acs-dingtalk-access-token: ***")]
    public void Redact_should_mask_credentials_in_urls_and_headers_whatever_their_value(string text, string expected) =>
        Assert.Equal(expected, new SecretRedactor().Redact(text));

    [Theory]
    [InlineData("""{"appKey":"ding1","appSecret":"s3cr3t"}""", """{"appKey":"ding1","appSecret":"***"}""")]
    [InlineData("""{"appKey":"ding1", "appSecret": "has spaces, commas} and \"quotes\""}""", """{"appKey":"ding1", "appSecret": "***"}""")]
    [InlineData("""{"clientId":"c","clientSecret":"x y"}""", """{"clientId":"c","clientSecret":"***"}""")]
    [InlineData("""{"client_secret":"abc","grant_type":"client_credentials"}""", """{"client_secret":"***","grant_type":"client_credentials"}""")]
    [InlineData("""{"accessToken":"0123abcd","expireIn":7200}""", """{"accessToken":"***","expireIn":7200}""")]
    [InlineData("""{"errcode":0,"access_token":"0123abcd","expires_in":7200}""", """{"errcode":0,"access_token":"***","expires_in":7200}""")]
    [InlineData("""{"endpoint":"wss://x/connect","ticket":"7724109a-87d8"}""", """{"endpoint":"wss://x/connect","ticket":"***"}""")]
    [InlineData("""{"sessionWebhook":"https://oapi.dingtalk.com/robot/sendBySession?session=abc"}""", """{"sessionWebhook":"https://oapi.dingtalk.com/robot/sendBySession?session=***"}""")]
    public void Redact_should_mask_credential_fields_in_json_whatever_their_value(string text, string expected) =>
        Assert.Equal(expected, new SecretRedactor().Redact(text));

    [Theory]
    [InlineData("The session is over; sign here.")]
    [InlineData("""{"sessionWebhookExpiredTime":1690367502194,"ticketCount":2}""")]
    [InlineData("你好，世界")]
    public void Redact_should_leave_text_without_credentials_alone(string text) =>
        Assert.Equal(text, new SecretRedactor().Redact(text));

    [Property(MaxTest = 300)]
    public Property Redact_should_never_let_a_registered_secret_through() =>
        Prop.ForAll(
            Gen.Elements("a", "b", "0", "-", "_", "Z").ListOf().Where(p => p.Count >= 6).Select(p => string.Concat(p)).ListOf().ToArbitrary(),
            Gen.Elements("a", "b", " ", "=", "\"", ":", "你好", "&", "ab0-", "token=").ListOf().Select(p => string.Concat(p)).ToArbitrary(),
            (secrets, filler) =>
            {
                var redactor = new SecretRedactor();
                foreach (var secret in secrets) redactor.Register(secret);
                var text = filler + string.Join(filler, secrets) + filler;

                var redacted = redactor.Redact(text);

                return secrets.All(secret => !redacted.Contains(secret, StringComparison.Ordinal));
            });

    [Fact]
    public void Redact_should_turn_null_into_empty() =>
        Assert.Equal("", new SecretRedactor().Redact(null));
}
