using EdgeCrab.DingTalk.Emulator.Control;
using EdgeCrab.DingTalk.Emulator.Conversations;
using EdgeCrab.DingTalk.Emulator.Http;

namespace EdgeCrab.DingTalk.Emulator.Rest;

/// <summary>The ways a robot speaks: the session webhook, and the robot API to users (batchSend) or to a group.</summary>
internal static class RobotSendEndpoints
{
    private const int MaxUsersPerCall = 20;

    public static void MapRobotSend(this IEndpointRouteBuilder app)
    {
        app.MapPost("/robot/sendBySession", SendBySession);
        app.MapPost("/v1.0/robot/oToMessages/batchSend", BatchSend);
        app.MapPost("/v1.0/robot/groupMessages/send", GroupSend);
    }

    /// <summary>The refusal <c>refuseSendsContaining</c> gives, in the webhook's legacy dialect (HTTP 200) or the new API's.</summary>
    private const string ContentRefused = "消息内容不合法 (refused by the refuseSendsContaining fault)";

    private static async Task<IResult> SendBySession(HttpRequest request, string? session, EmulatorApp emulator,
        BusinessGate gate, SessionWebhooks webhooks, ConversationLog log, FaultSwitches faults)
    {
        if (gate.Check(request, requiresToken: false) is { } refused) return refused;
        // DingTalk answers an unknown or expired session with HTTP 200 and errcode 300001.
        if (webhooks.ConversationOf(session) is not { } conversationId)
            return ApiErrors.Legacy(200, 300001, "session 不存在");
        var body = await JsonBody.ReadAsync(request, emulator.Options.MaxRequestBytes);
        if (!body.IsValid) return ApiErrors.Legacy(body.Status, 40035, body.Problem!);
        var o = body.Object!;
        var msgtype = o.String("msgtype", required: true);
        var msgUuid = o.String("msgUuid", maxLength: 128);
        string? text = null;
        switch (msgtype)
        {
            case "text":
                text = o.Object("text", required: true)?.String("content", required: true);
                break;
            case "markdown":
                var markdown = o.Object("markdown", required: true);
                markdown?.String("title", required: true);
                text = markdown?.String("text", required: true);
                o.Absorb(markdown);
                break;
            case "actionCard":
            case "link":
                text = o.Object(msgtype, required: true)?.String("text", required: true);
                break;
            case null:
                break;
            default:
                o.Fail($"msgtype '{msgtype}' is not supported by a session webhook");
                break;
        }
        if (o.Problem is { } problem || text is null)
            return ApiErrors.Legacy(400, 40035, o.Problem ?? "缺少参数");
        if (faults.RefusesSend(text)) return ApiErrors.Legacy(200, 40035, ContentRefused);
        log.AddRobotMessage(conversationId, text, msgtype!, ConversationMessage.ViaSessionWebhook, msgUuid);
        return EmulatorJson.Ok(new { errcode = 0, errmsg = "ok" });
    }

    private static async Task<IResult> BatchSend(HttpRequest request, EmulatorApp emulator, BusinessGate gate, ConversationLog log, FaultSwitches faults)
    {
        var (o, refusal) = await gate.OpenAsync(request);
        if (o is null) return refusal!;
        var robotCode = o.String("robotCode");
        var userIds = o.Strings("userIds");
        var msgKey = o.String("msgKey");
        var msgParam = o.String("msgParam");
        if (o.Problem is { } problem) return ApiErrors.BadParameter("invalidParameter.param.invalid", problem);
        if (CheckRobotCode(robotCode, emulator) is { } badRobot) return badRobot;
        if (userIds is null || userIds.Count == 0) return ApiErrors.BadParameter("invalidParameter.userIds.empty", "userIds 不能为空");
        if (userIds.Count > MaxUsersPerCall) return ApiErrors.BadParameter("invalidParameter.userIds.overMax", $"userIds 最多 {MaxUsersPerCall} 个");
        var (text, msgtype, errorCode, error) = RobotMessageParams.Read(msgKey, msgParam);
        if (errorCode is not null) return ApiErrors.BadParameter(errorCode, error!);
        if (faults.RefusesSend(text!)) return ApiErrors.BadParameter("invalidParameter.msgParam.invalid", ContentRefused);

        // The emulator knows a user once they have written to the robot one-to-one; others are "invalid staff ids".
        var invalid = new List<string>();
        foreach (var userId in userIds.Distinct(StringComparer.Ordinal))
        {
            if (log.DirectConversationOf(userId) is { } conversationId)
                log.AddRobotMessage(conversationId, text!, msgtype!, ConversationMessage.ViaRobotApi);
            else
                invalid.Add(userId);
        }
        return EmulatorJson.Ok(new
        {
            processQueryKey = EmulatorApp.RandomText(24),
            invalidStaffIdList = invalid,
            flowControlledStaffIdList = Array.Empty<string>(),
            filteredStaffIdList = Array.Empty<string>(),
        });
    }

    private static async Task<IResult> GroupSend(HttpRequest request, EmulatorApp emulator, BusinessGate gate, ConversationLog log, FaultSwitches faults)
    {
        var (o, refusal) = await gate.OpenAsync(request);
        if (o is null) return refusal!;
        var robotCode = o.String("robotCode");
        var openConversationId = o.String("openConversationId");
        var msgKey = o.String("msgKey");
        var msgParam = o.String("msgParam");
        if (o.Problem is { } problem) return ApiErrors.BadParameter("invalidParameter.param.invalid", problem);
        if (CheckRobotCode(robotCode, emulator) is { } badRobot) return badRobot;
        if (string.IsNullOrEmpty(openConversationId) || !log.IsGroup(openConversationId))
            return ApiErrors.BadParameter("invalidParameter.openConversationId.invalid", "openConversationId 不合法");
        var (text, msgtype, errorCode, error) = RobotMessageParams.Read(msgKey, msgParam);
        if (errorCode is not null) return ApiErrors.BadParameter(errorCode, error!);
        if (faults.RefusesSend(text!)) return ApiErrors.BadParameter("invalidParameter.msgParam.invalid", ContentRefused);
        log.AddRobotMessage(openConversationId, text!, msgtype!, ConversationMessage.ViaRobotApi);
        return EmulatorJson.Ok(new { processQueryKey = EmulatorApp.RandomText(24) });
    }

    public static IResult? CheckRobotCode(string? robotCode, EmulatorApp emulator)
    {
        if (string.IsNullOrEmpty(robotCode)) return ApiErrors.BadParameter("invalidParameter.robotCode.empty", "robotCode 不能为空");
        if (robotCode != emulator.RobotCode) return ApiErrors.BadParameter("invalidParameter.robotCode.auth", "robotCode 无权限");
        return null;
    }
}
