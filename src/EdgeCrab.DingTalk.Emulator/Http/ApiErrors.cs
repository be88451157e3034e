namespace EdgeCrab.DingTalk.Emulator.Http;

/// <summary>Error answers in the three dialects the emulator speaks: the new API, the legacy API, and its own control API.</summary>
internal static class ApiErrors
{
    /// <summary>The new API's <c>{"code","message","requestid"}</c> with a non-2xx status.</summary>
    public static IResult Api(int status, string code, string message) =>
        EmulatorJson.Status(status, new { code, message, requestid = RequestId() });

    /// <summary>The legacy API's <c>{"errcode","errmsg"}</c>; DingTalk sends most of them with HTTP 200.</summary>
    public static IResult Legacy(int status, int errcode, string errmsg) =>
        EmulatorJson.Status(status, new { errcode, errmsg });

    /// <summary>The control API's <c>{"error"}</c>.</summary>
    public static IResult Control(int status, string error) => EmulatorJson.Status(status, new { error });

    public static IResult RateLimited() =>
        Api(403, "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi", "调用该接口触发了限流，请稍后重试");

    public static IResult ServerError() => Api(500, "ServiceUnavailable", "系统繁忙，请稍后重试");

    public static IResult BadParameter(string code, string message) => Api(400, code, message);

    private static string RequestId() => EmulatorApp.RandomHex(16).ToUpperInvariant();
}
