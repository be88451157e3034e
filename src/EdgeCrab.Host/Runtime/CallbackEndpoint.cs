using System.Globalization;
using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using EdgeCrab.DingTalk.Robot;
using EdgeCrab.DingTalk.Security;
using EdgeCrab.Gateway;
using EdgeCrab.Gateway.Connection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeCrab.Host.Runtime;

/// <summary>
/// <c>DINGTALK_WEBHOOK_PORT</c>: DingTalk's HTTP callback mode, <c>POST /dingtalk/callback</c>, beside the stream.
/// A request is believed only with a valid <c>timestamp</c>/<c>sign</c> pair (HMAC-SHA256 of the AppSecret, one hour's
/// skew) used by no other msgId; its robot message then goes through the same intake as a stream callback, within
/// the same bound on callbacks in flight, and the HTTP answer is the ack: 200 once its session persisted it, 503 (so
/// DingTalk tries again) when it did not in time or no slot freed. Nothing a sender writes gets a 500: a body that
/// cannot be read is 400, logged once.
/// </summary>
internal sealed class CallbackEndpoint(
    CallbackSignature signature, SignatureReplayGuard replays, CallbackIntake intake, CallbackSlots inFlight, ActorSystem system)
{
    public const string Path = "/dingtalk/callback";

    /// <summary>How long a callback waits for a slot when the node is at its bound before it is answered 503.</summary>
    public static readonly TimeSpan SlotWait = TimeSpan.FromSeconds(2);

    // Under this class's name, so its lines carry the [dingtalk] tag (LogTags.BySource).
    private readonly ILoggingAdapter _log = Akka.Event.Logging.GetLogger(system, typeof(CallbackEndpoint));
    private int _replayGuardFull;

    public async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        var timestamp = request.Headers["timestamp"].FirstOrDefault();
        var sign = request.Headers["sign"].FirstOrDefault();
        if (signature.Verify(timestamp, sign) is { } refusal)
        {
            _log.Warning("refused an HTTP callback from {0}: {1}", request.HttpContext.Connection.RemoteIpAddress, refusal);
            return Results.Json(new { error = "invalid signature" }, statusCode: StatusCodes.Status401Unauthorized);
        }
        string body;
        try
        {
            using var reader = new StreamReader(request.Body);
            body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException e)
        {
            _log.Warning("refused an HTTP callback: {0}", e.Message);
            return Results.Json(new { error = "request body too large or unreadable" }, statusCode: e.StatusCode);
        }
        var parsed = RobotMessageCodec.Parse(body);
        if (parsed is not RobotMessageParseResult.Parsed { Message: var message })
        {
            _log.Warning("dropped an HTTP callback that is not a robot message: {0}", (parsed as RobotMessageParseResult.Malformed)?.Reason);
            return Results.Json(new { error = "not a robot message" }, statusCode: StatusCodes.Status400BadRequest);
        }
        // Only now is the msgId known, which tells DingTalk's own retry (same msgId) from a replay (another one).
        if (Replay(long.Parse(timestamp!, CultureInfo.InvariantCulture), sign!, message, request) is { } replayRefusal)
            return replayRefusal;

        using var slot = await inFlight.TryTakeAsync(SlotWait, request.HttpContext.RequestAborted).ConfigureAwait(false);
        if (slot is null)
        {
            _log.Warning("HTTP callback {0}: {1} callbacks already in flight; answering 503, DingTalk will send it again", message.MsgId, inFlight.Limit);
            return Results.Json(new { error = "too many callbacks in flight; send it again" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        var outcome = await intake.TakeAsync(message).ConfigureAwait(false);
        IntakeLog.Write(_log, outcome);
        return outcome.MayAck
            ? Results.Json(new { })
            : Results.Json(new { error = "not persisted yet; send it again" }, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private IResult? Replay(long timestamp, string sign, RobotMessage message, HttpRequest request)
    {
        switch (replays.Check(timestamp, sign, message.MsgId))
        {
            case ReplayVerdict.Replayed:
                _log.Warning("refused an HTTP callback from {0}: its signature was already used by another message (a replay)",
                    request.HttpContext.Connection.RemoteIpAddress);
                return Results.Json(new { error = "signature already used" }, statusCode: StatusCodes.Status401Unauthorized);
            case ReplayVerdict.Full:
                // Said once per spell of being full: every refused request would otherwise log a line.
                if (Interlocked.Exchange(ref _replayGuardFull, 1) == 0)
                    _log.Warning("{0} HTTP-callback signatures seen within the hour; answering 503 to new ones until old ones expire", SignatureReplayGuard.DefaultCapacity);
                return Results.Json(new { error = "too many callbacks; send it again" }, statusCode: StatusCodes.Status503ServiceUnavailable);
            default:
                Interlocked.Exchange(ref _replayGuardFull, 0);
                return null;
        }
    }

}

/// <summary>Registers the HTTP callback endpoint with the gateway's web application.</summary>
internal static class CallbackEndpointHosting
{
    public static IServiceCollection AddCallbackEndpoint(this IServiceCollection services, TimeSpan ackTimeout) => services
        .AddSingleton(sp => new CallbackSignature(sp.GetRequiredService<DingTalkTarget>().Credentials.AppSecret))
        .AddSingleton(_ => new SignatureReplayGuard(CallbackSignature.DingTalkSkew))
        .AddSingleton(sp => new CallbackEndpoint(
            sp.GetRequiredService<CallbackSignature>(),
            sp.GetRequiredService<SignatureReplayGuard>(),
            new CallbackIntake(sp.GetRequiredService<IRequiredActor<SessionsKey>>().ActorRef, sp.GetRequiredService<InboundPolicy>(), ackTimeout, TimeProvider.System, "http"),
            sp.GetRequiredService<CallbackSlots>(),
            sp.GetRequiredService<ActorSystem>()));

    public static WebApplication MapCallbackEndpoint(this WebApplication app)
    {
        app.MapPost(CallbackEndpoint.Path, (HttpRequest request, CallbackEndpoint endpoint) => endpoint.ReceiveAsync(request));
        return app;
    }
}
