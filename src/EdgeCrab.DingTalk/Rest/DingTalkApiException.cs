namespace EdgeCrab.DingTalk.Rest;

/// <summary>A failed DingTalk call. Its message is built from DingTalk's error code and text and never contains a secret.</summary>
public sealed class DingTalkApiException(
    DingTalkErrorKind kind,
    string operation,
    string message,
    int? httpStatus = null,
    string? code = null,
    string? requestId = null,
    Exception? inner = null)
    : Exception($"DingTalk {operation} failed ({kind}{(code is null ? "" : ", " + code)}{(httpStatus is null ? "" : ", HTTP " + httpStatus)}): {message}", inner)
{
    public DingTalkErrorKind Kind { get; } = kind;
    public string Operation { get; } = operation;
    public int? HttpStatus { get; } = httpStatus;
    public string? Code { get; } = code;
    public string? RequestId { get; } = requestId;

    /// <summary>Whether the same call may succeed later (after backoff, or after a token refresh).</summary>
    public bool IsRetryable => Kind is DingTalkErrorKind.RateLimited or DingTalkErrorKind.TokenInvalid
        or DingTalkErrorKind.ServerError or DingTalkErrorKind.Timeout or DingTalkErrorKind.Unreachable;
}
