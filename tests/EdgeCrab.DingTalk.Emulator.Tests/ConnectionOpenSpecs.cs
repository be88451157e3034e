using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using EdgeCrab.DingTalk.Rest;

namespace EdgeCrab.DingTalk.Emulator.Tests;

/// <summary>Registering a stream connection and dialling its websocket: credentials, subscriptions, tickets.</summary>
public sealed class ConnectionOpenSpecs
{
    private static string OpenBody(DingTalkEmulator emulator, string? secret = null, object? subscriptions = null) => JsonSerializer.Serialize(new
    {
        clientId = emulator.Credentials.AppKey,
        clientSecret = secret ?? emulator.Credentials.AppSecret,
        subscriptions = subscriptions ?? new object[]
        {
            new { type = "EVENT", topic = "*" },
            new { type = "CALLBACK", topic = "/v1.0/im/bot/messages/get" },
            new { type = "SYSTEM", topic = "ping" },
            new { type = "SYSTEM", topic = "disconnect" },
        },
        ua = "dingtalk-sdk-go/v0.9.2",
        localIp = "10.0.0.2",
        extras = new { any = "thing" },
    });

    [Fact]
    public async Task Open_should_tolerate_SYSTEM_EVENT_and_CALLBACK_subscriptions_and_return_a_loopback_endpoint()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());
        using var api = new EmulatorApi(emulator);

        var (status, body) = await api.PostRawAsync("v1.0/gateway/connections/open", OpenBody(emulator));

        Assert.Equal(200, status);
        Assert.Equal($"ws://127.0.0.1:{emulator.BaseUri.Port}/connect", body["endpoint"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["ticket"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Open_with_bad_credentials_should_be_refused_with_DingTalks_error()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());
        using var api = new EmulatorApi(emulator);

        var (status, body) = await api.PostRawAsync("v1.0/gateway/connections/open", OpenBody(emulator, secret: "nope"));

        Assert.Equal(400, status);
        Assert.Equal("invalidClientIdOrSecret", body["code"]!.GetValue<string>());
        Assert.NotNull(body["requestid"]);
        Assert.Null(body["ticket"]);
    }

    [Theory]
    [InlineData("""[{"type":"CALLBACK","topic":"/v1.0/no/such/topic"}]""")]
    [InlineData("""[{"type":"EVENT","topic":"chat_update"}]""")]
    [InlineData("""[{"type":"WHATEVER","topic":"*"}]""")]
    [InlineData("""["CALLBACK"]""")]
    [InlineData("""{"type":"EVENT"}""")]
    public async Task Open_with_unknown_subscriptions_should_be_refused_with_400(string subscriptions)
    {
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());
        using var api = new EmulatorApi(emulator);

        var body = OpenBody(emulator).Replace("\"subscriptions\":[", "\"subscriptions\":" + subscriptions + ",\"ignored\":[", StringComparison.Ordinal);
        var (status, error) = await api.PostRawAsync("v1.0/gateway/connections/open", body);

        Assert.Equal(400, status);
        Assert.NotNull(error["code"]);
    }

    [Fact]
    public async Task Unknown_ticket_should_be_refused_before_the_upgrade_with_a_JSON_body()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());
        using var http = new HttpClient { BaseAddress = emulator.BaseUri };

        using var response = await http.GetAsync("connect?ticket=made-up");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("InvalidTicket", body.GetProperty("code").GetString());
        await AssertUpgradeRefusedAsync(new Uri($"ws://127.0.0.1:{emulator.BaseUri.Port}/connect?ticket=made-up"));
    }

    [Fact]
    public async Task Used_ticket_should_be_refused()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());
        using var http = new HttpClient();
        var ticket = await new DingTalkRestClient(http, DingTalkEndpoints.SingleHost(emulator.BaseUri), emulator.Credentials)
            .OpenStreamAsync([StreamSubscription.RobotMessages], "t");
        await using var first = await ProtocolClient.ConnectAsync(ticket.WebSocketUri);

        var message = await AssertUpgradeRefusedAsync(ticket.WebSocketUri);

        Assert.Contains("used", message);
    }

    [Fact]
    public async Task Expired_ticket_should_be_refused()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions { TicketLifetime = TimeSpan.FromMilliseconds(50) });
        using var http = new HttpClient();
        var ticket = await new DingTalkRestClient(http, DingTalkEndpoints.SingleHost(emulator.BaseUri), emulator.Credentials)
            .OpenStreamAsync([StreamSubscription.RobotMessages], "t");
        // Time passing is the behaviour here: polling cannot replace it, since a try before expiry would use the ticket up.
        await Task.Delay(TimeSpan.FromMilliseconds(200));

        var message = await AssertUpgradeRefusedAsync(ticket.WebSocketUri);

        Assert.Contains("expired", message);
    }

    /// <summary>Dials the websocket, expects a 401 instead of an upgrade, and returns the refusal's message.</summary>
    private static async Task<string> AssertUpgradeRefusedAsync(Uri uri)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(uri, CancellationToken.None));
        Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);

        using var http = new HttpClient();
        var probe = new UriBuilder(uri) { Scheme = "http" }.Uri;
        using var response = await http.GetAsync(probe);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString()!;
    }
}
