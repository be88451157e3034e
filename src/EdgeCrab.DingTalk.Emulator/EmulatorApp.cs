using System.Security.Cryptography;
using System.Text;

namespace EdgeCrab.DingTalk.Emulator;

/// <summary>The one DingTalk app the emulator plays: its credentials, the ids DingTalk derives from them, and where it listens.</summary>
internal sealed class EmulatorApp
{
    private Uri? _baseUri;

    public EmulatorApp(EmulatorOptions options)
    {
        var appKey = string.IsNullOrEmpty(options.AppKey) ? "ding" + RandomText(16) : options.AppKey;
        var appSecret = string.IsNullOrEmpty(options.AppSecret) ? RandomText(64) : options.AppSecret;
        Credentials = new DingTalkCredentials(appKey, appSecret);
        Options = options;
        // Stable for a given AppKey, so restarts of the emulator keep the robot's identity.
        AppId = new Guid(SHA256.HashData(Encoding.UTF8.GetBytes("appId:" + appKey)).AsSpan(0, 16)).ToString();
        ChatbotUserId = EncryptedId("robot:" + appKey);
    }

    public EmulatorOptions Options { get; }

    public DingTalkCredentials Credentials { get; }

    public string RobotCode => Credentials.AppKey;

    public string AppId { get; }

    public string CorpId => "dingemulatorcorp";

    public string ChatbotUserId { get; }

    /// <summary>Known once Kestrel has bound its port; nothing can reach the emulator before that.</summary>
    public Uri BaseUri
    {
        get => _baseUri ?? throw new InvalidOperationException("the emulator has not started");
        set => _baseUri = value;
    }

    public bool Accepts(string? appKey, string? appSecret) =>
        appKey is not null && appSecret is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(appKey), Encoding.UTF8.GetBytes(Credentials.AppKey))
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(appSecret), Encoding.UTF8.GetBytes(Credentials.AppSecret));

    /// <summary>DingTalk's encrypted user ids look like <c>$:LWCP_v1:$...</c>; a hash keeps them stable per user.</summary>
    public static string EncryptedId(string seed) =>
        "$:LWCP_v1:$" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(seed)).AsSpan(0, 24));

    public static string RandomText(int length)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        return RandomNumberGenerator.GetString(alphabet, length);
    }

    public static string RandomHex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
}
