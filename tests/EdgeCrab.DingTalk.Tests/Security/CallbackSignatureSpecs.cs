using System.Security.Cryptography;
using System.Text;
using EdgeCrab.DingTalk.Security;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeCrab.DingTalk.Tests.Security;

public sealed class CallbackSignatureSpecs
{
    private const string Secret = "this-is-my-app-secret-0123456789";
    private const long Timestamp = 1690362102194;

    // Computed outside .NET (Python: base64(hmac.new(secret, f"{ts}\n".encode() + secret, sha256).digest())), as nonebot checks it.
    private const string KnownSign = "VbcH1XMLsxchZ9x+ERoggS0X24o49Krj+BQ9ZfIuAmQ=";

    private static readonly long Hour = (long)TimeSpan.FromHours(1).TotalMilliseconds;

    [Fact]
    public void Sign_should_match_a_known_vector() =>
        Assert.Equal(KnownSign, new CallbackSignature(Secret).Sign(Timestamp));

    [Theory]
    [InlineData("SECabc", 0)]
    [InlineData("中文密钥-secret", 1)]
    [InlineData("a+b/c=d", 4102444800000)]
    public void Sign_should_follow_the_documented_formula(string secret, long timestamp)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        var expected = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{timestamp}\n{secret}")));

        Assert.Equal(expected, new CallbackSignature(secret).Sign(timestamp));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    [InlineData(-1000)]
    [InlineData(59 * 60 * 1000)]
    [InlineData(-59 * 60 * 1000)]
    [InlineData(60 * 60 * 1000)]
    [InlineData(-60 * 60 * 1000)]
    public void Verify_should_accept_a_right_sign_within_an_hour(long skewMs)
    {
        var signature = At(Timestamp + skewMs);

        Assert.Null(signature.Verify(Timestamp.ToString(), KnownSign));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    [InlineData(1000 * 60 * 60 * 24)]
    public void Verify_should_refuse_a_right_sign_more_than_an_hour_off(long beyondMs)
    {
        var signature = At(Timestamp + (beyondMs > 0 ? Hour + beyondMs : -Hour + beyondMs));

        Assert.Equal("timestamp is outside the allowed window", signature.Verify(Timestamp.ToString(), KnownSign));
    }

    [Fact]
    public void Verify_should_use_the_skew_it_is_given()
    {
        var signature = new CallbackSignature(Secret, TimeSpan.FromMinutes(5), FixedClock.AtUnixMs(Timestamp + 6 * 60 * 1000));

        Assert.NotNull(signature.Verify(Timestamp.ToString(), KnownSign));
    }

    [Theory]
    [InlineData("VbcH1XMLsxchZ9x+ERoggS0X24o49Krj+BQ9ZfIuAmq=")]
    [InlineData("VbcH1XMLsxchZ9x%2BERoggS0X24o49Krj%2BBQ9ZfIuAmQ%3D")]
    [InlineData("VbcH1XMLsxchZ9x+ERoggS0X24o49Krj+BQ9ZfIuAmQ")]
    [InlineData("x")]
    [InlineData("签名")]
    public void Verify_should_refuse_a_wrong_sign(string sign) =>
        Assert.Equal("signature does not match", At(Timestamp).Verify(Timestamp.ToString(), sign));

    [Fact]
    public void Verify_should_refuse_a_sign_made_with_another_secret() =>
        Assert.Equal("signature does not match", At(Timestamp).Verify(Timestamp.ToString(), new CallbackSignature("another-secret").Sign(Timestamp)));

    [Fact]
    public void Verify_should_refuse_a_sign_for_another_timestamp() =>
        Assert.Equal("signature does not match", At(Timestamp).Verify((Timestamp + 1).ToString(), KnownSign));

    [Theory]
    [InlineData(null, KnownSign)]
    [InlineData("", KnownSign)]
    [InlineData("1690362102194", null)]
    [InlineData("1690362102194", "")]
    [InlineData(null, null)]
    public void Verify_should_refuse_missing_headers(string? timestamp, string? sign) =>
        Assert.Equal("missing timestamp or sign header", At(Timestamp).Verify(timestamp, sign));

    [Theory]
    [InlineData("abc")]
    [InlineData("1690362102194.0")]
    [InlineData("-1690362102194")]
    [InlineData(" 1690362102194")]
    [InlineData("1e12")]
    [InlineData("99999999999999999999999")]
    public void Verify_should_refuse_a_timestamp_that_is_not_a_number(string timestamp) =>
        Assert.Equal("timestamp is not a number", At(Timestamp).Verify(timestamp, KnownSign));

    [Theory]
    [InlineData(null, null)]
    [InlineData("abc", KnownSign)]
    [InlineData("1690362102194", "wrong")]
    [InlineData("1", KnownSign)]
    public void Verify_should_never_tell_the_secret(string? timestamp, string? sign)
    {
        var reason = At(Timestamp).Verify(timestamp, sign);

        Assert.NotNull(reason);
        Assert.DoesNotContain(Secret, reason);
        Assert.DoesNotContain(new CallbackSignature(Secret).Sign(Timestamp), reason);
    }

    [Property(MaxTest = 200)]
    public Property Verify_should_accept_its_own_sign_for_any_secret_and_time_within_the_hour() =>
        Prop.ForAll(
            Gen.Elements("a", "SEC", "中", "+", "/", "=", "0", "😀").ListOf().Select(p => "s" + string.Concat(p)).ToArbitrary(),
            Gen.Choose(-3_600_000, 3_600_000).ToArbitrary(),
            (secret, skew) =>
            {
                var signature = new CallbackSignature(secret, CallbackSignature.DingTalkSkew, FixedClock.AtUnixMs(Timestamp + skew));
                return signature.Verify(Timestamp.ToString(), signature.Sign(Timestamp)) is null;
            });

    private static CallbackSignature At(long nowMs) =>
        new(Secret, CallbackSignature.DingTalkSkew, FixedClock.AtUnixMs(nowMs));
}
