using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EdgeCrab.DingTalk.Security;

/// <summary>
/// DingTalk's HTTP-callback signature: <c>Base64(HMAC-SHA256(key = appSecret, timestamp + "\n" + appSecret))</c>,
/// with the timestamp (ms since the epoch) within an allowed skew of now.
/// </summary>
public sealed class CallbackSignature(string appSecret, TimeSpan allowedSkew, TimeProvider? clock = null)
{
    public static readonly TimeSpan DingTalkSkew = TimeSpan.FromHours(1);

    private readonly byte[] _key = Encoding.UTF8.GetBytes(appSecret);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public CallbackSignature(string appSecret) : this(appSecret, DingTalkSkew) { }

    public string Sign(long timestampMs)
    {
        var message = Encoding.UTF8.GetBytes(timestampMs.ToString(CultureInfo.InvariantCulture) + "\n" + Encoding.UTF8.GetString(_key));
        return Convert.ToBase64String(HMACSHA256.HashData(_key, message));
    }

    /// <summary>Null when the headers prove the request came from DingTalk, else why not (never includes the secret).</summary>
    public string? Verify(string? timestampHeader, string? signHeader)
    {
        if (string.IsNullOrEmpty(timestampHeader) || string.IsNullOrEmpty(signHeader))
            return "missing timestamp or sign header";
        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
            return "timestamp is not a number";
        var skew = Math.Abs(_clock.GetUtcNow().ToUnixTimeMilliseconds() - timestamp);
        if (skew > allowedSkew.TotalMilliseconds)
            return "timestamp is outside the allowed window";
        var expected = Encoding.ASCII.GetBytes(Sign(timestamp));
        var given = Encoding.ASCII.GetBytes(signHeader);
        return CryptographicOperations.FixedTimeEquals(expected, given) ? null : "signature does not match";
    }
}
