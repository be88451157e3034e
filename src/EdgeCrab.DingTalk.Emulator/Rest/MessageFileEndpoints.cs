using EdgeCrab.DingTalk.Emulator.Http;

namespace EdgeCrab.DingTalk.Emulator.Rest;

/// <summary><c>POST /v1.0/robot/messageFiles/download</c>: a download URL for a message's file, served by the emulator.</summary>
internal static class MessageFileEndpoints
{
    public static void MapMessageFiles(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1.0/robot/messageFiles/download", async (HttpRequest request, EmulatorApp emulator, BusinessGate gate, MessageFiles files) =>
        {
            var (o, refusal) = await gate.OpenAsync(request);
            if (o is null) return refusal!;
            var robotCode = o.String("robotCode");
            var downloadCode = o.String("downloadCode", required: true);
            if (o.Problem is { } problem) return ApiErrors.BadParameter("invalidParameter.param.invalid", problem);
            if (RobotSendEndpoints.CheckRobotCode(robotCode, emulator) is { } badRobot) return badRobot;
            return files.UrlTokenFor(downloadCode!) is { } token
                ? EmulatorJson.Ok(new { downloadUrl = new Uri(emulator.BaseUri, "_emulator/files/" + token).ToString() })
                : ApiErrors.BadParameter("invalidParameter.downloadCode.invalid", "downloadCode 不合法");
        });

        app.MapGet("/_emulator/files/{token}", (string token, MessageFiles files) =>
            files.Content(token) is { } file ? Results.Bytes(file.Bytes, file.ContentType) : ApiErrors.Control(404, "no such file"));
    }
}
