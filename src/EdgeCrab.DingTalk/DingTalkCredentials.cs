namespace EdgeCrab.DingTalk;

/// <summary>An app's AppKey (clientId) and AppSecret (clientSecret). Its text form never shows the secret.</summary>
public sealed record DingTalkCredentials(string AppKey, string AppSecret)
{
    public override string ToString() => $"DingTalkCredentials {{ AppKey = {AppKey}, AppSecret = *** }}";
}
