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
using Microsoft.Extensions.Hosting;

namespace EdgeCrab.Host.Runtime;

/// <summary>
/// <c>DINGTALK_WEBHOOK_PORT</c>: DingTalk's HTTP callback mode, <c>POST /dingtalk/callback</c>, beside the stream.
/// A request is believed only with a valid <c>timestamp</c>/<c>sign</c> pair (HMAC-SHA256 of the AppSecret, one hour's
/// skew); its robot message then goes through the same intake as a stream callback, and the HTTP answer is the ack:
/// 200 once its session persisted it, 503 (so DingTalk tries again) when it did not in time.
/// </summary>
internal sealed class CallbackEndpoint(int port, CallbackSignature signature, InboundPolicy policy, TimeSpan ackTimeout, IServiceProvider services) : IHostedService
{
    public const string Path = "/dingtalk/callback";

    private WebApplication? _app;
    private ILoggingAdapter? _log;
    private CallbackIntake? _intake;

    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var system = services.GetRequiredService<ActorSystem>();
        _log = Akka.Event.Logging.GetLogger(system, "dingtalk-http");
        _intake = new CallbackIntake(services.GetRequiredService<IActorRegistry>().Get<SessionsKey>(), policy, ackTimeout, TimeProvider.System);
        // DingTalk must reach this from outside: it listens on every interface.
        (_app, Address) = await SmallWebServer.StartAsync("0.0.0.0", port, app => app.MapPost(Path, ReceiveAsync), cancellationToken).ConfigureAwait(false);
        _log.Info("[dingtalk] accepting HTTP callbacks at {0}", new Uri(Address, Path));
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        if (signature.Verify(request.Headers["timestamp"].FirstOrDefault(), request.Headers["sign"].FirstOrDefault()) is { } refusal)
        {
            _log!.Warning("[dingtalk] refused an HTTP callback from {0}: {1}", request.HttpContext.Connection.RemoteIpAddress, refusal);
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
            _log!.Warning("[dingtalk] refused an HTTP callback: {0}", e.Message);
            return Results.Json(new { error = "request body too large or unreadable" }, statusCode: e.StatusCode);
        }
        if (RobotMessageCodec.Parse(body) is not RobotMessageParseResult.Parsed { Message: var message })
        {
            _log!.Warning("[dingtalk] dropped an HTTP callback that is not a robot message");
            return Results.Json(new { error = "not a robot message" }, statusCode: StatusCodes.Status400BadRequest);
        }
        var outcome = await _intake!.TakeAsync(message).ConfigureAwait(false);
        IntakeLog.Write(_log!, outcome);
        return outcome.MayAck
            ? Results.Json(new { })
            : Results.Json(new { error = "not persisted yet; send it again" }, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null) await _app.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>Registers the HTTP callback endpoint with the gateway's host.</summary>
internal static class CallbackEndpointHosting
{
    public static IServiceCollection AddCallbackEndpoint(this IServiceCollection services, int port, CallbackSignature signature, InboundPolicy policy, TimeSpan ackTimeout)
    {
        services.AddSingleton(sp => new CallbackEndpoint(port, signature, policy, ackTimeout, sp));
        services.AddHostedService(sp => sp.GetRequiredService<CallbackEndpoint>());
        return services;
    }
}
