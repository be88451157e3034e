namespace EdgeCrab.DingTalk.Security;

/// <summary>What <see cref="SignatureReplayGuard"/> makes of a signed callback.</summary>
public enum ReplayVerdict
{
    /// <summary>The pair was never seen: believe it.</summary>
    FirstUse,

    /// <summary>Seen with this very msgId: DingTalk retrying one callback, believe it.</summary>
    SameCallbackAgain,

    /// <summary>Seen with another msgId: someone reuses captured headers; refuse it (401).</summary>
    Replayed,

    /// <summary>The guard is at its bound and will not forget a pair early: refuse for now (503, DingTalk retries).</summary>
    Full,
}
