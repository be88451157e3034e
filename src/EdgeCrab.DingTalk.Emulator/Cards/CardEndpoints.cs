using EdgeCrab.DingTalk.Emulator.Http;

namespace EdgeCrab.DingTalk.Emulator.Cards;

/// <summary>The AI card API: create, deliver, update and stream into cards by <c>outTrackId</c>.</summary>
internal static class CardEndpoints
{
    private const string UnknownCard = "invalidParameter.outTrackId.invalid";

    public static void MapCards(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1.0/card/instances/createAndDeliver", (HttpRequest r, CardContext c) => c.Handle(r, CreateAndDeliver));
        app.MapPost("/v1.0/card/instances", (HttpRequest r, CardContext c) => c.Handle(r, Create));
        app.MapPost("/v1.0/card/instances/deliver", (HttpRequest r, CardContext c) => c.Handle(r, Deliver));
        app.MapPut("/v1.0/card/instances", (HttpRequest r, CardContext c) => c.Handle(r, Update));
        app.MapPut("/v1.0/card/streaming", (HttpRequest r, CardContext c) => c.Handle(r, Stream));
    }

    private static IResult CreateAndDeliver(RequestObject o, CardContext c)
    {
        if (CreateCard(o, c) is { } failed) return failed;
        var outTrackId = o.String("outTrackId")!;
        if (DeliverCard(o, c, outTrackId, out var results) is { } refused) return refused;
        return EmulatorJson.Ok(new { success = true, result = new { outTrackId, deliverResults = results } });
    }

    private static IResult Create(RequestObject o, CardContext c) =>
        CreateCard(o, c) ?? EmulatorJson.Ok(new { success = true, result = o.String("outTrackId") });

    private static IResult Deliver(RequestObject o, CardContext c)
    {
        var outTrackId = o.String("outTrackId", required: true);
        if (o.Problem is { } problem) return ApiErrors.BadParameter("invalidParameter.param.invalid", problem);
        if (!c.Cards.Exists(outTrackId!)) return ApiErrors.BadParameter(UnknownCard, "卡片不存在");
        if (DeliverCard(o, c, outTrackId!, out var results) is { } refused) return refused;
        return EmulatorJson.Ok(new { success = true, result = results });
    }

    private static IResult Update(RequestObject o, CardContext c)
    {
        var outTrackId = o.String("outTrackId", required: true);
        var cardData = o.Object("cardData", required: true);
        var parameters = cardData?.StringMap("cardParamMap") ?? new Dictionary<string, string>();
        var byKey = o.Object("cardUpdateOptions")?.Bool("updateCardDataByKey") ?? false;
        o.Absorb(cardData);
        if (o.Problem is { } problem) return ApiErrors.BadParameter("invalidParameter.param.invalid", problem);
        return c.Cards.Update(outTrackId!, parameters, byKey)
            ? EmulatorJson.Ok(new { success = true, result = true })
            : ApiErrors.BadParameter(UnknownCard, "卡片不存在");
    }

    private static IResult Stream(RequestObject o, CardContext c)
    {
        var outTrackId = o.String("outTrackId", required: true);
        var key = o.String("key", required: true);
        var content = o.String("content") ?? "";
        var guid = o.String("guid");
        var isFull = o.Bool("isFull") ?? false;
        var isFinalize = o.Bool("isFinalize") ?? false;
        var isError = o.Bool("isError") ?? false;
        if (o.Problem is { } problem) return ApiErrors.BadParameter("invalidParameter.param.invalid", problem);
        return c.Cards.Stream(outTrackId!, guid, key!, content, isFull, isFinalize, isError)
            ? EmulatorJson.Ok(new { success = true, result = true })
            : ApiErrors.BadParameter(UnknownCard, "卡片不存在");
    }

    private static IResult? CreateCard(RequestObject o, CardContext c)
    {
        var templateId = o.String("cardTemplateId", required: true);
        var outTrackId = o.String("outTrackId", required: true, maxLength: 256);
        var cardData = o.Object("cardData");
        var parameters = cardData?.StringMap("cardParamMap") ?? new Dictionary<string, string>();
        var callbackType = o.String("callbackType");
        o.Absorb(cardData);
        if (o.Problem is { } problem) return ApiErrors.BadParameter("invalidParameter.param.invalid", problem);
        if (!c.Cards.TryCreate(outTrackId!, templateId!, parameters, callbackType))
            return ApiErrors.BadParameter("invalidParameter.outTrackId.repeat", "outTrackId 已存在");
        return null;
    }

    private static IResult? DeliverCard(RequestObject o, CardContext c, string outTrackId, out object[] results)
    {
        results = [];
        var openSpaceId = o.String("openSpaceId", required: true);
        if (o.Problem is { } problem) return ApiErrors.BadParameter("invalidParameter.param.invalid", problem);
        if (OpenSpace.Parse(openSpaceId) is not { } space)
            return ApiErrors.BadParameter("invalidParameter.openSpaceId.invalid", "openSpaceId 不合法");

        var conversationId = space.IsGroup
            ? c.Log.IsGroup(space.SpaceId) ? space.SpaceId : null
            : c.Log.DirectConversationOf(space.SpaceId);
        string? error = conversationId is null ? "会话不存在或机器人不在会话中" : null;
        // The cardRefuseNext fault: DingTalk's 200 that still says the card did not arrive.
        if (error is null && c.Faults.TakeCardRefuse()) error = "机器人不在群内";
        if (error is null) c.Cards.Deliver(outTrackId, conversationId!, space);
        results =
        [
            new { spaceType = space.SpaceType, spaceId = space.SpaceId, success = error is null, errorMsg = error ?? "", carrierId = error is null ? EmulatorApp.RandomText(20) : "" },
        ];
        return null;
    }
}
