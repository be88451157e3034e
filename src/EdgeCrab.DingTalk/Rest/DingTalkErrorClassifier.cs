using System.Net;
using System.Text.Json;
using EdgeCrab.DingTalk.Security;

namespace EdgeCrab.DingTalk.Rest;

/// <summary>
/// Turns DingTalk's two error dialects into <see cref="DingTalkApiException"/>: the new API's
/// <c>{"code","message","requestid"}</c> with a non-2xx status, and the legacy <c>{"errcode","errmsg"}</c> on HTTP 200.
/// </summary>
public static class DingTalkErrorClassifier
{
    private const int MaxMessageLength = 300;

    /// <summary>Null when the response is a success; otherwise the error, with secrets masked.</summary>
    public static DingTalkApiException? Classify(string operation, HttpStatusCode status, string body, SecretRedactor redactor)
    {
        var (code, message, requestId, ipBanned) = ReadError(body);
        var httpStatus = (int)status;

        // The per-IP ban answers a non-standard body, {"status":1111,"wait":5,...}, whatever the HTTP status.
        if (ipBanned)
            return Build(operation, DingTalkErrorKind.RateLimited, message ?? "calls from this IP are blocked for a while", httpStatus, code, requestId, redactor);

        if (httpStatus is >= 200 and < 300)
        {
            // The legacy dialect reports failures inside a 200.
            if (code is null or "0") return null;
            return Build(operation, LegacyKind(code), message ?? "error", null, code, requestId, redactor);
        }

        var kind = httpStatus switch
        {
            429 => DingTalkErrorKind.RateLimited,
            401 => DingTalkErrorKind.TokenInvalid,
            504 => DingTalkErrorKind.Timeout,
            >= 500 => DingTalkErrorKind.ServerError,
            _ => NewApiKind(code),
        };
        return Build(operation, kind, message ?? status.ToString(), httpStatus, code, requestId, redactor);
    }

    private static DingTalkApiException Build(string operation, DingTalkErrorKind kind, string message, int? status, string? code, string? requestId, SecretRedactor redactor)
    {
        var safe = redactor.Redact(message);
        if (safe.Length > MaxMessageLength) safe = safe[..MaxMessageLength] + "…";
        return new DingTalkApiException(kind, operation, safe, status, code, requestId);
    }

    private static DingTalkErrorKind NewApiKind(string? code)
    {
        if (code is null)
            return DingTalkErrorKind.Rejected;
        if (code.Contains("QpsLimit", StringComparison.OrdinalIgnoreCase) || code.Contains("ApiCountLimit", StringComparison.OrdinalIgnoreCase)
            || code.Contains("Throttl", StringComparison.OrdinalIgnoreCase))
            return DingTalkErrorKind.RateLimited;
        if (code is "InvalidAuthentication" || code.StartsWith("AuthenticationFailed", StringComparison.Ordinal) && !code.EndsWith("MissingParameter", StringComparison.Ordinal))
            return DingTalkErrorKind.TokenInvalid;
        if (code is "invalidClientIdOrSecret" or "invalid.client" or "invalidAppKeyOrSecret")
            return DingTalkErrorKind.InvalidCredentials;
        return DingTalkErrorKind.Rejected;
    }

    private static DingTalkErrorKind LegacyKind(string errcode) => errcode switch
    {
        "40096" or "40089" or "40001" => DingTalkErrorKind.InvalidCredentials,
        "88" or "40014" or "42001" => DingTalkErrorKind.TokenInvalid,
        "90018" or "90002" or "90020" or "660026" or "90030" or "130101" => DingTalkErrorKind.RateLimited,
        "300001" => DingTalkErrorKind.SessionExpired,
        "15" => DingTalkErrorKind.Timeout,
        "-1" => DingTalkErrorKind.ServerError,
        _ => DingTalkErrorKind.Rejected,
    };

    private static (string? Code, string? Message, string? RequestId, bool IpBanned) ReadError(string body)
    {
        if (string.IsNullOrWhiteSpace(body)) return (null, null, null, false);
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (null, null, null, false);
            string? code = null, message = null, requestId = null;
            if (root.TryGetProperty("code", out var c)) code = c.ValueKind == JsonValueKind.String ? c.GetString() : c.GetRawText();
            if (root.TryGetProperty("errcode", out var ec)) code = ec.ValueKind == JsonValueKind.String ? ec.GetString() : ec.GetRawText();
            if (root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String) message = m.GetString();
            if (root.TryGetProperty("errmsg", out var em) && em.ValueKind == JsonValueKind.String) message = em.GetString();
            if (root.TryGetProperty("sub_msg", out var sm) && sm.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(sm.GetString())) message = sm.GetString();
            if (root.TryGetProperty("requestid", out var r) && r.ValueKind == JsonValueKind.String) requestId = r.GetString();
            var ipBanned = root.TryGetProperty("status", out var st) && st.ValueKind == JsonValueKind.Number && st.GetRawText() == "1111";
            return (code, message, requestId, ipBanned);
        }
        catch (JsonException)
        {
            return (null, body.Length > 80 ? "unreadable response body" : "unreadable response: " + body, null, false);
        }
    }
}
