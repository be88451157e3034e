using EdgeCrab.DingTalk.Emulator.Control;
using EdgeCrab.DingTalk.Emulator.Http;

namespace EdgeCrab.DingTalk.Emulator.Rest;

/// <summary>
/// What every business call meets before its own logic: the call counter, and for the new API its per-API QPS limit;
/// the injected faults (rate limit, server error); and, for the new API, the <c>x-acs-dingtalk-access-token</c> check.
/// </summary>
internal sealed class BusinessGate(EmulatorApp emulator, FaultSwitches faults, AccessTokenIssuer tokens, ApiCallCounter calls)
{
    public const string TokenHeader = "x-acs-dingtalk-access-token";

    /// <summary>Null when the call may proceed, else the answer to give.</summary>
    public IResult? Check(HttpRequest request, bool requiresToken)
    {
        // Per route, so that PUT and POST /v1.0/card/instances are two APIs, as DingTalk counts them.
        var path = (request.HttpContext.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? request.Path.Value ?? "";
        // The QPS limit is the OpenAPI's (token-carrying calls); a session webhook's own limit is not documented.
        if (!calls.Admit(request.Method, path, requiresToken ? faults.QpsLimit : null)) return ApiErrors.RateLimited();
        if (faults.TakeRateLimit()) return ApiErrors.RateLimited();
        if (faults.TakeServerError()) return ApiErrors.ServerError();
        if (!requiresToken) return null;
        var token = request.Headers[TokenHeader].ToString();
        if (string.IsNullOrEmpty(token))
            return ApiErrors.Api(400, "AuthenticationFailed.MissingParameter", "缺少参数 x-acs-dingtalk-access-token");
        if (!tokens.IsValid(token))
            return ApiErrors.Api(400, "InvalidAuthentication", "不合法的access_token");
        return null;
    }

    /// <summary>The checks of a new-API call, then its JSON body; exactly one of the two results is set.</summary>
    public async Task<(RequestObject? Body, IResult? Refusal)> OpenAsync(HttpRequest request)
    {
        if (Check(request, requiresToken: true) is { } refused) return (null, refused);
        var body = await JsonBody.ReadAsync(request, emulator.Options.MaxRequestBytes).ConfigureAwait(false);
        return body.IsValid ? (body.Object, null) : (null, ApiErrors.BadParameter("invalidParameter.param.invalid", body.Problem!));
    }
}
