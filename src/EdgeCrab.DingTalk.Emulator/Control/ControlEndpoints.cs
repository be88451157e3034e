using System.Text.Json.Nodes;
using EdgeCrab.DingTalk.Emulator.Conversations;
using EdgeCrab.DingTalk.Emulator.Http;
using EdgeCrab.DingTalk.Emulator.Rest;
using EdgeCrab.DingTalk.Emulator.Stream;
using EdgeCrab.DingTalk.Robot;

namespace EdgeCrab.DingTalk.Emulator.Control;

/// <summary>
/// The emulator's own API under <c>/_emulator</c>: people writing, what was said, deliveries, clients, faults, load.
/// <c>POST /_emulator/inbound/raw</c> <c>{data}</c> pushes a robot callback whose data string is exactly <c>data</c>
/// (anything: the poison-input tests send JSON no real DingTalk would) and returns <c>{msgId, messageId}</c>, the
/// msgId being the key for <c>/_emulator/callbacks/{msgId}</c>, which also says whether the client refused it (4xx ack).
/// <c>POST /_emulator/cards/{outTrackId}/actions</c> <c>{userId, actionId, params?}</c> presses a card's button and
/// returns <c>{msgId, messageId}</c> likewise. <c>GET /_emulator/calls</c> counts the business API calls and
/// <c>DELETE /_emulator/calls</c> starts the count again.
/// </summary>
internal static class ControlEndpoints
{
    private static readonly HashSet<string> FaultNames = new(StringComparer.Ordinal)
    {
        "dropConnections", "sendDisconnect", "redeliverAfterMs", "duplicateNext", "rateLimitNext", "serverErrorNext",
        "expireTokens", "rejectConnectionsNext", "malformedFrameNext", "webhookLifetimeMs", "cardRefuseNext",
        "refuseSendsContaining", "qpsLimit", "expireFileUrls", "expireFileCodes",
    };

    public static void MapControl(this IEndpointRouteBuilder app)
    {
        var control = app.MapGroup("/_emulator");
        control.MapPost("/inbound", Inbound);
        control.MapPost("/inbound/raw", InboundRaw);
        control.MapGet("/conversations/{conversationId}/messages", (string conversationId, ConversationLog log) =>
            EmulatorJson.Ok(log.Messages(conversationId)));
        control.MapGet("/callbacks/{msgId}", (string msgId, CallbackLedger ledger) =>
            ledger.Status(msgId) is { } status
                ? EmulatorJson.Ok(new { deliveries = status.Deliveries, acked = status.Acked, refused = status.Refused })
                : ApiErrors.Control(404, $"no callback with msgId '{msgId}'"));
        control.MapGet("/connections", (StreamHub hub) => EmulatorJson.Ok(hub.Connections.Select(c => new
        {
            id = c.Id,
            connectedAt = c.ConnectedAt.UtcDateTime,
            userAgent = c.UserAgent,
            callbackTopics = c.CallbackTopics,
            draining = c.Draining,
            pingsSent = c.Pings.Sent,
            pingsAnswered = c.Pings.Answered,
            pingMismatches = c.Pings.Mismatched,
        }).ToArray()));
        control.MapPost("/faults", Faults);
        control.MapPost("/cards/{outTrackId}/actions", CardAction);
        control.MapGet("/calls", (ApiCallCounter calls) => EmulatorJson.Ok(calls.Report()));
        control.MapDelete("/calls", (ApiCallCounter calls) =>
        {
            calls.Reset();
            return EmulatorJson.Ok(calls.Report());
        });
        control.MapPost("/load", Load);
        control.MapGet("/load", (LoadRuns runs, ConversationLog log) =>
            EmulatorJson.Ok(runs.Current?.Report(log) ?? new { pushed = 0, acked = 0, answered = 0, elapsedMs = 0.0, ackP50Ms = 0.0, ackP95Ms = 0.0, ackP99Ms = 0.0 }));
    }

    private static async Task<IResult> Inbound(HttpRequest request, EmulatorApp emulator, InboundDesk desk)
    {
        var body = await JsonBody.ReadAsync(request, emulator.Options.MaxRequestBytes);
        if (!body.IsValid) return ApiErrors.Control(body.Status, body.Problem!);
        var (inbound, problem) = InboundRequest.Read(body.Object!);
        if (inbound is null) return ApiErrors.Control(400, problem!);
        var callback = await desk.WriteAsync(inbound);
        return EmulatorJson.Ok(new { msgId = callback.MsgId });
    }

    private static async Task<IResult> InboundRaw(HttpRequest request, EmulatorApp emulator, InboundDesk desk)
    {
        var body = await JsonBody.ReadAsync(request, emulator.Options.MaxRequestBytes);
        if (!body.IsValid) return ApiErrors.Control(body.Status, body.Problem!);
        var o = body.Object!;
        var data = o.String("data", required: true, maxLength: emulator.Options.MaxRequestBytes);
        if (o.Problem is { } problem) return ApiErrors.Control(400, problem);
        var callback = await desk.WriteRawAsync(data!);
        return EmulatorJson.Ok(new { msgId = callback.MsgId, messageId = callback.MessageId });
    }

    private static async Task<IResult> Faults(HttpRequest request, EmulatorApp emulator, FaultSwitches faults, StreamHub hub, AccessTokenIssuer tokens, MessageFiles files)
    {
        var body = await JsonBody.ReadAsync(request, emulator.Options.MaxRequestBytes);
        if (!body.IsValid) return ApiErrors.Control(body.Status, body.Problem!);
        var o = body.Object!;
        if (o.Names.FirstOrDefault(n => !FaultNames.Contains(n)) is { } unknown)
            return ApiErrors.Control(400, $"unknown fault '{unknown}'; known: {string.Join(", ", FaultNames)}");
        var drop = o.Bool("dropConnections") ?? false;
        var disconnect = o.Bool("sendDisconnect") ?? false;
        var expire = o.Bool("expireTokens") ?? false;
        var expireFileUrls = o.Bool("expireFileUrls") ?? false;
        var expireFileCodes = o.Bool("expireFileCodes") ?? false;
        var redeliverAfterMs = o.Long("redeliverAfterMs", 0, int.MaxValue);
        var webhookLifetimeMs = o.Long("webhookLifetimeMs", 0, long.MaxValue / 4);
        var duplicate = o.Count("duplicateNext");
        var rateLimit = o.Count("rateLimitNext");
        var serverError = o.Count("serverErrorNext");
        var reject = o.Count("rejectConnectionsNext");
        var malformed = o.Count("malformedFrameNext");
        var cardRefuse = o.Count("cardRefuseNext");
        var refuseContaining = o.String("refuseSendsContaining", maxLength: 1000);
        var qpsLimit = o.Long("qpsLimit", 1, 1_000_000);
        if (o.Problem is { } problem) return ApiErrors.Control(400, problem);

        if (duplicate is { } d) faults.ArmDuplicate(d);
        if (rateLimit is { } r) faults.ArmRateLimit(r);
        if (serverError is { } s) faults.ArmServerError(s);
        if (reject is { } j) faults.ArmRejectConnections(j);
        if (malformed is { } m) faults.ArmMalformedFrame(m);
        if (cardRefuse is { } c) faults.ArmCardRefuse(c);
        // An explicit null resets a timing override to the configured value.
        if (o.Root.TryGetProperty("redeliverAfterMs", out _)) faults.SetRedeliverAfter(redeliverAfterMs);
        if (o.Root.TryGetProperty("webhookLifetimeMs", out _)) faults.SetWebhookLifetime(webhookLifetimeMs);
        if (o.Root.TryGetProperty("refuseSendsContaining", out _)) faults.SetRefuseSendsContaining(refuseContaining);
        if (o.Root.TryGetProperty("qpsLimit", out _)) faults.SetQpsLimit(qpsLimit);
        if (expire) tokens.ExpireAll();
        if (expireFileUrls) files.ExpireUrls();
        if (expireFileCodes) files.ExpireCodes();
        if (disconnect) await hub.DisconnectAllAsync();
        if (drop) hub.DropAll();
        return EmulatorJson.Ok(faults.Snapshot());
    }

    /// <summary>A person presses a card's button: DingTalk's card callback goes to a client subscribed to it.</summary>
    private static async Task<IResult> CardAction(string outTrackId, HttpRequest request, EmulatorApp emulator, CardActionDesk desk)
    {
        var body = await JsonBody.ReadAsync(request, emulator.Options.MaxRequestBytes);
        if (!body.IsValid) return ApiErrors.Control(body.Status, body.Problem!);
        var o = body.Object!;
        var userId = o.String("userId", required: true, maxLength: 256);
        var actionId = o.String("actionId", required: true, maxLength: 256);
        var parameters = o.Object("params");
        if (o.Problem is null && (string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(actionId))) o.Fail("'userId' and 'actionId' must not be empty");
        if (o.Problem is { } problem) return ApiErrors.Control(400, problem);
        var (outcome, callback) = await desk.PressAsync(outTrackId, userId!, actionId!, parameters is null ? null : JsonObject.Create(parameters.Root));
        return outcome switch
        {
            CardActionDesk.Outcome.Pushed => EmulatorJson.Ok(new { msgId = callback!.MsgId, messageId = callback.MessageId }),
            CardActionDesk.Outcome.UnknownCard => ApiErrors.Control(404, $"no card with outTrackId '{outTrackId}'"),
            CardActionDesk.Outcome.NotDelivered => ApiErrors.Control(409, "the card was never delivered: nobody can see its buttons"),
            CardActionDesk.Outcome.NoStreamCallback => ApiErrors.Control(409, "the card was not created with callbackType STREAM: its clicks do not come over the stream"),
            _ => ApiErrors.Control(409, "the card is finished (finalized or failed): a finished card has no live button"),
        };
    }

    private static async Task<IResult> Load(HttpRequest request, EmulatorApp emulator, LoadRuns runs)
    {
        var body = await JsonBody.ReadAsync(request, emulator.Options.MaxRequestBytes);
        if (!body.IsValid) return ApiErrors.Control(body.Status, body.Problem!);
        var o = body.Object!;
        var messages = o.Long("messages", 1, 100_000);
        var conversations = o.Long("conversations", 1, 10_000);
        var type = o.String("conversationType") ?? "1";
        var text = o.String("text", maxLength: 10_000) ?? "load test";
        var perSecond = o.Long("perSecond", 1, 1_000_000);
        if (messages is null && o.Problem is null) o.Fail("'messages' is required");
        if (conversations is null && o.Problem is null) o.Fail("'conversations' is required");
        if (type is not ("1" or "2") && o.Problem is null) o.Fail("'conversationType' must be \"1\" or \"2\"");
        if (o.Problem is { } problem) return ApiErrors.Control(400, problem);
        var run = runs.TryStart((int)messages!, (int)conversations!, type == "1" ? ConversationType.Direct : ConversationType.Group, text, (int?)perSecond);
        return run is null
            ? ApiErrors.Control(409, "a load run is still pushing; wait for it to finish")
            : EmulatorJson.Status(202, new { messages, conversations });
    }
}
