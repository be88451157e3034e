using System.Text.Json;
using EdgeCrab.DingTalk.Emulator.Control;
using EdgeCrab.DingTalk.Emulator.Http;
using EdgeCrab.DingTalk.Stream;

namespace EdgeCrab.DingTalk.Emulator.Stream;

/// <summary>Opening a stream connection: the ticket endpoint and the websocket it leads to.</summary>
internal static class ConnectionEndpoints
{
    // The callback topics DingTalk documents; subscribing to anything else is refused.
    private static readonly HashSet<string> CallbackTopics = new(StringComparer.Ordinal)
    {
        StreamTopics.RobotMessage, "/v1.0/im/bot/messages/delegate", StreamTopics.CardCallback,
        "/v1.0/card/dynamicData/get", "/v1.0/graph/api/invoke",
    };

    public static void MapStreamConnections(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1.0/gateway/connections/open", Open);
        app.Map("/connect", Connect);
    }

    private static async Task<IResult> Open(HttpRequest request, EmulatorApp emulator, TicketBook tickets, FaultSwitches faults)
    {
        var body = await JsonBody.ReadAsync(request, emulator.Options.MaxRequestBytes);
        if (!body.IsValid) return ApiErrors.BadParameter("invalidParameter", body.Problem!);
        var o = body.Object!;
        var clientId = o.String("clientId", required: true);
        var clientSecret = o.String("clientSecret", required: true);
        var subscriptions = o.Array("subscriptions", required: true);
        o.String("ua");
        o.String("localIp");
        if (o.Problem is { } problem) return ApiErrors.BadParameter("MissingParameter", problem);
        if (faults.TakeRejectConnection()) return ApiErrors.Api(503, "ServiceUnavailable", "服务暂不可用，请稍后重试");
        if (!emulator.Accepts(clientId, clientSecret))
            return ApiErrors.Api(400, "invalidClientIdOrSecret", "无效的clientId或者clientSecret");

        var topics = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in subscriptions!)
        {
            var (type, topic, bad) = ReadSubscription(item);
            if (bad is not null) return ApiErrors.BadParameter("invalidParameter.subscriptions", bad);
            if (type == "CALLBACK") topics.Add(topic!);
        }
        var ticket = tickets.Issue(new TicketBook.Grant(topics, o.String("ua")));
        var endpoint = new Uri(emulator.BaseUri, "connect").ToString().Replace("http://", "ws://", StringComparison.Ordinal);
        return EmulatorJson.Ok(new { endpoint, ticket });
    }

    private static (string? Type, string? Topic, string? Problem) ReadSubscription(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object) return (null, null, "each subscription must be an object");
        var o = new RequestObject(item);
        var type = o.String("type", required: true);
        var topic = o.String("topic", required: true);
        if (o.Problem is { } problem) return (null, null, problem);
        return type switch
        {
            "EVENT" when topic == StreamTopics.AllEvents => (type, topic, null),
            "EVENT" => (null, null, "EVENT subscriptions take topic '*'; events are chosen in the developer console"),
            "CALLBACK" when CallbackTopics.Contains(topic!) => (type, topic, null),
            "CALLBACK" => (null, null, $"unknown callback topic '{topic}'"),
            // Some SDKs list their SYSTEM handlers (ping, disconnect) here; DingTalk tolerates them.
            "SYSTEM" => (type, topic, null),
            _ => (null, null, $"unknown subscription type '{type}'"),
        };
    }

    private static async Task Connect(HttpContext context, TicketBook tickets, ConnectionLoop loop, TimeProvider clock)
    {
        var ticket = context.Request.Query["ticket"].ToString();
        // Check first without using the ticket, so a plain HTTP probe can see why a ticket is refused.
        var verdict = tickets.Check(ticket);
        if (verdict == TicketBook.Verdict.Valid && !context.WebSockets.IsWebSocketRequest)
        {
            await ApiErrors.BadParameter("invalidParameter", "expected a websocket upgrade").ExecuteAsync(context);
            return;
        }
        TicketBook.Grant? grant = null;
        if (verdict == TicketBook.Verdict.Valid) (verdict, grant) = tickets.Consume(ticket);
        if (verdict != TicketBook.Verdict.Valid || grant is null)
        {
            var reason = verdict switch
            {
                TicketBook.Verdict.Used => "ticket has already been used",
                TicketBook.Verdict.Expired => "ticket has expired",
                _ => "ticket does not exist",
            };
            await ApiErrors.Api(401, "InvalidTicket", reason).ExecuteAsync(context);
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var connection = new StreamConnection(socket, context, grant.CallbackTopics, grant.UserAgent, clock.GetUtcNow());
        await loop.RunAsync(connection, context.RequestAborted);
    }
}
