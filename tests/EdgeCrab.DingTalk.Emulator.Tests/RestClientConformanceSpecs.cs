using System.Net;
using System.Net.Sockets;
using EdgeCrab.DingTalk.Rest;
using EdgeCrab.DingTalk.Robot;

namespace EdgeCrab.DingTalk.Emulator.Tests;

/// <summary>The protocol library's REST client against the emulator: what the gateway relies on.</summary>
public sealed class RestClientConformanceSpecs : IAsyncLifetime
{
    private DingTalkEmulator _emulator = null!;
    private EmulatorApi _api = null!;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task InitializeAsync()
    {
        _emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());
        _api = new EmulatorApi(_emulator);
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    private DingTalkRestClient Client(DingTalkCredentials? credentials = null, AccessTokenSource source = AccessTokenSource.NewApi) =>
        new(_http, DingTalkEndpoints.SingleHost(_emulator.BaseUri), credentials ?? _emulator.Credentials, tokenSource: source);

    [Fact]
    public async Task Token_should_be_fetched_once_and_reused_across_sends()
    {
        var rest = Client();
        await _api.DirectAsync("cidDm1", "manager001", "hi");
        await _api.GroupAsync("cidGroup1", "manager001", "hi");

        for (var i = 0; i < 3; i++)
        {
            await rest.SendToUsersAsync(_emulator.RobotCode, ["manager001"], new OutgoingText($"dm {i}"));
            await rest.SendToGroupAsync(_emulator.RobotCode, "cidGroup1", new OutgoingMarkdown("t", $"**group** {i}"));
        }

        Assert.Equal(1, rest.Tokens.FetchCount);
        var dm = await _api.RobotMessagesAsync("cidDm1");
        Assert.Equal(3, dm.Count);
        Assert.All(dm, m => Assert.Equal("robotApi", m!["via"]!.GetValue<string>()));
        Assert.Equal("**group** 2", (await _api.RobotMessagesAsync("cidGroup1"))[2]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Token_should_be_refreshed_after_expireTokens_and_the_call_should_succeed()
    {
        var rest = Client();
        await _api.GroupAsync("cidGroup1", "manager001", "hi");
        await rest.SendToGroupAsync(_emulator.RobotCode, "cidGroup1", new OutgoingText("before"));

        await _api.FaultsAsync(new { expireTokens = true });
        await rest.SendToGroupAsync(_emulator.RobotCode, "cidGroup1", new OutgoingText("after"));

        Assert.Equal(2, rest.Tokens.FetchCount);
        Assert.Equal(2, (await _api.RobotMessagesAsync("cidGroup1")).Count);
    }

    [Fact]
    public async Task Concurrent_callers_should_share_one_token_fetch()
    {
        var rest = Client();

        var tokens = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => rest.Tokens.GetAsync())));

        Assert.Single(tokens.Distinct());
        Assert.Equal(1, rest.Tokens.FetchCount);
    }

    [Fact]
    public async Task Legacy_token_source_should_work_against_gettoken()
    {
        var rest = Client(source: AccessTokenSource.Legacy);
        await _api.GroupAsync("cidGroup1", "manager001", "hi");

        await rest.SendToGroupAsync(_emulator.RobotCode, "cidGroup1", new OutgoingText("via legacy token"));

        Assert.Equal(1, rest.Tokens.FetchCount);
    }

    [Fact]
    public async Task OpenStreamAsync_should_return_a_ticket_that_opens_a_working_connection()
    {
        var ticket = await Client().OpenStreamAsync([StreamSubscription.RobotMessages], "edgecrab-tests/1.0");
        await using var client = await ProtocolClient.ConnectAsync(ticket.WebSocketUri);

        var msgId = await _api.DirectAsync("cidDm1", "manager001", "hello");

        Assert.Contains(msgId, (await client.NextCallbackAsync()).Data);
        Assert.Equal("ws", ticket.Endpoint.Scheme);
        Assert.Equal("/connect", ticket.Endpoint.AbsolutePath);
        Assert.DoesNotContain(ticket.Ticket, ticket.ToString());
    }

    [Fact]
    public async Task A_resend_with_the_same_msgUuid_should_be_shown_once()
    {
        await using var client = await ProtocolClient.ConnectAsync(_emulator);
        await _api.DirectAsync("cidDm1", "manager001", "once?");
        var message = Parse((await client.NextCallbackAsync()).Data);
        var rest = Client();

        await rest.SendBySessionWebhookAsync(message.SessionWebhook!, new OutgoingText("part 1") { IdempotencyKey = "6f1c6c1e-0000-5000-8000-000000000001" });
        await rest.SendBySessionWebhookAsync(message.SessionWebhook!, new OutgoingText("part 1") { IdempotencyKey = "6f1c6c1e-0000-5000-8000-000000000001" });
        await rest.SendBySessionWebhookAsync(message.SessionWebhook!, new OutgoingText("part 2") { IdempotencyKey = "6f1c6c1e-0000-5000-8000-000000000002" });
        await rest.SendBySessionWebhookAsync(message.SessionWebhook!, new OutgoingText("no key"));
        await rest.SendBySessionWebhookAsync(message.SessionWebhook!, new OutgoingText("no key"));

        var texts = (await _api.RobotMessagesAsync("cidDm1")).Select(m => m!["text"]!.GetValue<string>());
        Assert.Equal(["part 1", "part 2", "no key", "no key"], texts);
    }

    [Fact]
    public async Task Session_webhook_reply_should_be_recorded_in_the_conversation()
    {
        await using var client = await ProtocolClient.ConnectAsync(_emulator);
        await _api.GroupAsync("cidGroup1", "user002", "ping?");
        var message = Parse((await client.NextCallbackAsync()).Data);

        await Client().SendBySessionWebhookAsync(message.SessionWebhook!, new OutgoingMarkdown("pong", "**pong**") { AtUserIds = ["user002"] });

        var messages = await _api.MessagesAsync("cidGroup1");
        Assert.Equal(2, messages.Count);
        Assert.Equal(("user", "ping?"), (messages[0]!["from"]!.GetValue<string>(), messages[0]!["text"]!.GetValue<string>()));
        Assert.Equal("robot", messages[1]!["from"]!.GetValue<string>());
        Assert.Equal("**pong**", messages[1]!["text"]!.GetValue<string>());
        Assert.Equal("markdown", messages[1]!["msgtype"]!.GetValue<string>());
        Assert.Equal("sessionWebhook", messages[1]!["via"]!.GetValue<string>());
        Assert.NotNull(messages[1]!["at"]);
    }

    [Fact]
    public async Task Forged_session_webhook_should_never_be_called()
    {
        var trap = new TcpListener(IPAddress.Loopback, 0);
        trap.Start();
        try
        {
            var forged = $"http://127.0.0.1:{((IPEndPoint)trap.LocalEndpoint).Port}/robot/sendBySession?session=stolen";
            await using var client = await ProtocolClient.ConnectAsync(_emulator);
            await _api.InboundAsync(new { conversationType = "1", conversationId = "cidDm1", senderStaffId = "user003", text = "hi", sessionWebhook = forged });
            var message = Parse((await client.NextCallbackAsync()).Data);
            Assert.Equal(forged, message.SessionWebhook);

            var error = await Assert.ThrowsAsync<DingTalkApiException>(() =>
                Client().SendBySessionWebhookAsync(message.SessionWebhook!, new OutgoingText("secret answer")));

            Assert.Equal(DingTalkErrorKind.ForgedWebhook, error.Kind);
            Assert.False(trap.Pending(), "the forged webhook's host was contacted");
            Assert.DoesNotContain("stolen", error.Message);
        }
        finally
        {
            trap.Stop();
        }
    }

    [Fact]
    public async Task Expired_session_webhook_should_be_reported_as_SessionExpired()
    {
        await _api.FaultsAsync(new { webhookLifetimeMs = 0 });
        await using var client = await ProtocolClient.ConnectAsync(_emulator);
        await _api.DirectAsync("cidDm1", "manager001", "hi");
        var message = Parse((await client.NextCallbackAsync()).Data);

        var error = await Assert.ThrowsAsync<DingTalkApiException>(() => Client().SendBySessionWebhookAsync(message.SessionWebhook!, new OutgoingText("late")));

        Assert.Equal(DingTalkErrorKind.SessionExpired, error.Kind);
    }

    [Fact]
    public async Task RateLimitNext_should_surface_as_a_retryable_RateLimited_error()
    {
        var rest = Client();
        await _api.GroupAsync("cidGroup1", "manager001", "hi");
        await rest.Tokens.GetAsync();
        await _api.FaultsAsync(new { rateLimitNext = true });

        var error = await Assert.ThrowsAsync<DingTalkApiException>(() => rest.SendToGroupAsync(_emulator.RobotCode, "cidGroup1", new OutgoingText("x")));

        Assert.Equal(DingTalkErrorKind.RateLimited, error.Kind);
        Assert.True(error.IsRetryable);
        Assert.Equal(403, error.HttpStatus);
    }

    [Fact]
    public async Task ServerErrorNext_should_surface_as_a_retryable_ServerError()
    {
        var rest = Client();
        await _api.DirectAsync("cidDm1", "manager001", "hi");
        await rest.Tokens.GetAsync();
        await _api.FaultsAsync(new { serverErrorNext = true });

        var error = await Assert.ThrowsAsync<DingTalkApiException>(() => rest.SendToUsersAsync(_emulator.RobotCode, ["manager001"], new OutgoingText("x")));

        Assert.Equal(DingTalkErrorKind.ServerError, error.Kind);
        Assert.True(error.IsRetryable);
    }

    [Theory]
    [InlineData(AccessTokenSource.NewApi)]
    [InlineData(AccessTokenSource.Legacy)]
    public async Task Bad_credentials_should_surface_as_InvalidCredentials_without_the_secret(AccessTokenSource source)
    {
        const string wrongSecret = "wrong-secret-0123456789";
        var rest = Client(new DingTalkCredentials(_emulator.Credentials.AppKey, wrongSecret), source);

        var error = await Assert.ThrowsAsync<DingTalkApiException>(() => rest.Tokens.GetAsync());

        Assert.Equal(DingTalkErrorKind.InvalidCredentials, error.Kind);
        Assert.False(error.IsRetryable);
        Assert.DoesNotContain(wrongSecret, error.ToString());
        Assert.DoesNotContain(_emulator.Credentials.AppSecret, error.ToString());
    }

    [Fact]
    public async Task Bad_credentials_on_connections_open_should_surface_as_InvalidCredentials()
    {
        const string wrongSecret = "wrong-secret-0123456789";
        var rest = Client(new DingTalkCredentials(_emulator.Credentials.AppKey, wrongSecret));

        var error = await Assert.ThrowsAsync<DingTalkApiException>(() => rest.OpenStreamAsync([StreamSubscription.RobotMessages], "t"));

        Assert.Equal(DingTalkErrorKind.InvalidCredentials, error.Kind);
        Assert.DoesNotContain(wrongSecret, error.ToString());
    }

    [Fact]
    public async Task Error_messages_should_never_contain_the_token()
    {
        var rest = Client();
        var token = await rest.Tokens.GetAsync();

        var error = await Assert.ThrowsAsync<DingTalkApiException>(() => rest.SendToGroupAsync(_emulator.RobotCode, "cidUnknown", new OutgoingText("x")));

        Assert.Equal(DingTalkErrorKind.Rejected, error.Kind);
        Assert.Equal("invalidParameter.openConversationId.invalid", error.Code);
        Assert.DoesNotContain(token, error.ToString());
    }

    private static RobotMessage Parse(string data) => ((RobotMessageParseResult.Parsed)RobotMessageCodec.Parse(data)).Message;
}
