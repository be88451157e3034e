namespace EdgeCrab.DingTalk.Rest;

/// <summary>What went wrong with a DingTalk call, in terms of what the caller should do next.</summary>
public enum DingTalkErrorKind
{
    /// <summary>QPS or quota limit: retry later, with backoff.</summary>
    RateLimited,
    /// <summary>The access token is invalid or expired: refresh it and retry once.</summary>
    TokenInvalid,
    /// <summary>DingTalk failed (5xx, 504): retry with backoff.</summary>
    ServerError,
    /// <summary>No answer in time: retry with backoff.</summary>
    Timeout,
    /// <summary>Network failure reaching DingTalk: retry with backoff.</summary>
    Unreachable,
    /// <summary>The AppKey/AppSecret were refused: retrying cannot help until the settings change.</summary>
    InvalidCredentials,
    /// <summary>The session webhook no longer exists: send through the robot API instead.</summary>
    SessionExpired,
    /// <summary>The webhook is not a DingTalk host; it was never called.</summary>
    ForgedWebhook,
    /// <summary>DingTalk refused the request itself (bad parameter, no permission): retrying the same request cannot help.</summary>
    Rejected,
    /// <summary>DingTalk answered something we cannot read.</summary>
    BadResponse,
}
