using EdgeCrab.DingTalk.Emulator.Http;

namespace EdgeCrab.DingTalk.Emulator.Rest;

/// <summary>DingTalk's token endpoints: the new <c>/v1.0/oauth2/accessToken</c> and the legacy <c>/gettoken</c>.</summary>
internal static class OAuthEndpoints
{
    public static void MapOAuth(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1.0/oauth2/accessToken", async (HttpRequest request, EmulatorApp emulator, AccessTokenIssuer tokens) =>
        {
            var body = await JsonBody.ReadAsync(request, emulator.Options.MaxRequestBytes);
            if (!body.IsValid) return ApiErrors.Api(body.Status, "invalidParameter", body.Problem!);
            var o = body.Object!;
            var appKey = o.String("appKey", required: true);
            var appSecret = o.String("appSecret", required: true);
            if (o.Problem is { } problem) return ApiErrors.BadParameter("MissingParameter", problem);
            if (!emulator.Accepts(appKey, appSecret))
                return ApiErrors.Api(400, "invalidClientIdOrSecret", "无效的clientId或者clientSecret");
            var (token, expiresIn) = tokens.Issue();
            return EmulatorJson.Ok(new { accessToken = token, expireIn = (long)expiresIn.TotalSeconds });
        });

        // The unified token API; the corp id is not checked: the emulator plays one organisation.
        app.MapPost("/v1.0/oauth2/{corpId}/token", async (string corpId, HttpRequest request, EmulatorApp emulator, AccessTokenIssuer tokens) =>
        {
            var body = await JsonBody.ReadAsync(request, emulator.Options.MaxRequestBytes);
            if (!body.IsValid) return ApiErrors.Api(body.Status, "invalid.request", body.Problem!);
            var o = body.Object!;
            var clientId = o.String("client_id", required: true);
            var clientSecret = o.String("client_secret", required: true);
            var grantType = o.String("grant_type", required: true);
            if (o.Problem is { } problem) return ApiErrors.Api(400, "invalid.request", problem);
            if (grantType != "client_credentials") return ApiErrors.Api(400, "unsupported.grant.type", "不支持的 grant_type");
            if (!emulator.Accepts(clientId, clientSecret)) return ApiErrors.Api(400, "invalid.client", "无效的 client_id 或 client_secret");
            var (token, expiresIn) = tokens.Issue();
            return EmulatorJson.Ok(new { access_token = token, expires_in = (long)expiresIn.TotalSeconds });
        });

        app.MapGet("/gettoken", (string? appkey, string? appsecret, EmulatorApp emulator, AccessTokenIssuer tokens) =>
        {
            if (!emulator.Accepts(appkey, appsecret))
                return ApiErrors.Legacy(200, 40096, "不合法的appKey或appSecret");
            var (token, expiresIn) = tokens.Issue();
            return EmulatorJson.Ok(new { errcode = 0, errmsg = "ok", access_token = token, expires_in = (long)expiresIn.TotalSeconds });
        });
    }
}
