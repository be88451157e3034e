using System.Collections.Concurrent;
using System.Net;
using EdgeCrab.DingTalk.Robot;
using EdgeCrab.DingTalk.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace EdgeCrab.DingTalk.Emulator.Tests;

/// <summary>DingTalk's HTTP mode: callbacks POSTed to the app with a signature it can check.</summary>
public sealed class HttpCallbackSpecs
{
    /// <summary>A receiving app on loopback that records each callback and whether its signature holds.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication _app;

        public ConcurrentQueue<(string Body, string? Refusal)> Received { get; } = new();

        public int FailFirst;

        private Receiver(WebApplication app) => _app = app;

        public Uri Url => new(_app.Urls.First() + "/dingtalk/callback");

        public static async Task<Receiver> StartAsync(Func<string> secret)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var receiver = new Receiver(app);
            app.MapPost("/dingtalk/callback", async (HttpRequest request) =>
            {
                var body = await new StreamReader(request.Body).ReadToEndAsync();
                var refusal = new CallbackSignature(secret()).Verify(request.Headers["timestamp"], request.Headers["sign"]);
                receiver.Received.Enqueue((body, refusal));
                return Interlocked.Decrement(ref receiver.FailFirst) >= 0 ? Results.StatusCode(500) : Results.Ok();
            });
            await app.StartAsync();
            return receiver;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }

    [Fact]
    public async Task Callback_should_be_posted_with_a_valid_signature_and_count_as_acked_on_200()
    {
        DingTalkEmulator? emulator = null;
        await using var receiver = await Receiver.StartAsync(() => emulator!.Credentials.AppSecret);
        emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions { HttpCallbackUrl = receiver.Url });
        await using var _ = emulator;
        using var api = new EmulatorApi(emulator);

        var msgId = await api.GroupAsync("cidGroup1", "manager001", "over http");

        await Eventually.True(async () => await api.CallbackAsync(msgId) == (1, true), "the HTTP callback to be accepted");
        var (body, refusal) = Assert.Single(receiver.Received);
        Assert.Null(refusal);
        var message = Assert.IsType<RobotMessageParseResult.Parsed>(RobotMessageCodec.Parse(body)).Message;
        Assert.Equal(msgId, message.MsgId);
        Assert.Equal(" over http", ((TextContent)message.Content).Content);
    }

    [Fact]
    public async Task Refused_callback_should_be_posted_again_after_the_redelivery_delay()
    {
        DingTalkEmulator? emulator = null;
        await using var receiver = await Receiver.StartAsync(() => emulator!.Credentials.AppSecret);
        receiver.FailFirst = 1;
        emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions { HttpCallbackUrl = receiver.Url, RedeliverAfter = TimeSpan.FromMilliseconds(100) });
        await using var _ = emulator;
        using var api = new EmulatorApi(emulator);

        var msgId = await api.DirectAsync("cidDm1", "manager001", "retry me");

        await Eventually.True(async () => await api.CallbackAsync(msgId) == (2, true), "the second POST to be accepted");
        Assert.Equal(2, receiver.Received.Count);
        Assert.Single(receiver.Received.Select(r => r.Body).Distinct());
    }

    [Fact]
    public async Task Skewed_clock_or_another_secret_should_produce_signatures_a_receiver_refuses()
    {
        DingTalkEmulator? skewed = null, forged = null;
        await using var receiver = await Receiver.StartAsync(() => skewed!.Credentials.AppSecret);
        skewed = await DingTalkEmulator.StartAsync(new EmulatorOptions { HttpCallbackUrl = receiver.Url, HttpCallbackClockSkew = TimeSpan.FromHours(-2), AppSecret = "the-real-secret" });
        forged = await DingTalkEmulator.StartAsync(new EmulatorOptions { HttpCallbackUrl = receiver.Url, HttpCallbackSigningSecret = "not-the-secret", AppSecret = "the-real-secret" });
        await using var a = skewed;
        await using var b = forged;
        using var skewedApi = new EmulatorApi(skewed);
        using var forgedApi = new EmulatorApi(forged);

        await skewedApi.DirectAsync("cidDm1", "manager001", "old");
        await forgedApi.DirectAsync("cidDm1", "manager001", "forged");

        await Eventually.True(() => Task.FromResult(receiver.Received.Count >= 2), "both callbacks");
        Assert.Contains(receiver.Received, r => r.Refusal == "timestamp is outside the allowed window");
        Assert.Contains(receiver.Received, r => r.Refusal == "signature does not match");
    }
}
