using System.Text.Json;

namespace EdgeCrab.DingTalk.Emulator.Tests;

/// <summary>The robot send API and the token endpoints, with DingTalk's error codes.</summary>
public sealed class RobotApiSpecs : IAsyncLifetime
{
    private DingTalkEmulator _emulator = null!;
    private EmulatorApi _api = null!;

    public async Task InitializeAsync()
    {
        _emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());
        _api = new EmulatorApi(_emulator);
        await _api.DirectAsync("cidDm1", "manager001", "hi");
        await _api.GroupAsync("cidGroup1", "manager001", "hi");
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _emulator.DisposeAsync();
    }

    private string Batch(object? robotCode = null, object? userIds = null, string msgKey = "sampleText", string? msgParam = null) => JsonSerializer.Serialize(new
    {
        robotCode = robotCode ?? _emulator.RobotCode,
        userIds = userIds ?? new[] { "manager001" },
        msgKey,
        msgParam = msgParam ?? """{"content":"hello"}""",
    });

    private string Group(string openConversationId = "cidGroup1", string msgKey = "sampleMarkdown", string? msgParam = null) => JsonSerializer.Serialize(new
    {
        robotCode = _emulator.RobotCode,
        openConversationId,
        msgKey,
        msgParam = msgParam ?? """{"title":"t","text":"**hello**"}""",
    });

    [Fact]
    public async Task BatchSend_should_record_the_message_and_list_unknown_users_as_invalid()
    {
        var (status, body) = await _api.PostRawAsync("v1.0/robot/oToMessages/batchSend", Batch(userIds: new[] { "manager001", "ghost" }), await _api.TokenAsync());

        Assert.Equal(200, status);
        Assert.False(string.IsNullOrEmpty(body["processQueryKey"]!.GetValue<string>()));
        Assert.Equal("ghost", Assert.Single(body["invalidStaffIdList"]!.AsArray())!.GetValue<string>());
        Assert.Empty(body["flowControlledStaffIdList"]!.AsArray());
        Assert.Empty(body["filteredStaffIdList"]!.AsArray());
        var robot = Assert.Single(await _api.RobotMessagesAsync("cidDm1"));
        Assert.Equal(("hello", "text", "robotApi"), (robot!["text"]!.GetValue<string>(), robot["msgtype"]!.GetValue<string>(), robot["via"]!.GetValue<string>()));
    }

    [Fact]
    public async Task GroupSend_should_record_the_markdown_message()
    {
        var (status, body) = await _api.PostRawAsync("v1.0/robot/groupMessages/send", Group(), await _api.TokenAsync());

        Assert.Equal(200, status);
        Assert.NotNull(body["processQueryKey"]);
        var robot = Assert.Single(await _api.RobotMessagesAsync("cidGroup1"));
        Assert.Equal(("**hello**", "markdown"), (robot!["text"]!.GetValue<string>(), robot["msgtype"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Missing_token_should_be_refused_with_MissingParameter()
    {
        var (status, body) = await _api.PostRawAsync("v1.0/robot/oToMessages/batchSend", Batch());

        Assert.Equal(400, status);
        Assert.Equal("AuthenticationFailed.MissingParameter", body["code"]!.GetValue<string>());
        Assert.NotNull(body["requestid"]);
        Assert.NotNull(body["message"]);
    }

    [Fact]
    public async Task Unknown_token_should_be_refused_with_InvalidAuthentication()
    {
        var (status, body) = await _api.PostRawAsync("v1.0/robot/groupMessages/send", Group(), "not-a-token");

        Assert.Equal(400, status);
        Assert.Equal("InvalidAuthentication", body["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Expired_token_should_be_refused_with_InvalidAuthentication()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions { AccessTokenLifetime = TimeSpan.FromMilliseconds(100) });
        using var api = new EmulatorApi(emulator);
        await api.GroupAsync("cidGroup1", "manager001", "hi");
        var token = await api.TokenAsync();

        // The token works until its 100 ms are up, then is refused: each try before that is a send that succeeds.
        var (status, body) = await Eventually.Get(
            () => api.PostRawAsync("v1.0/robot/groupMessages/send", Group().Replace(_emulator.RobotCode, emulator.RobotCode), token),
            r => r.Status != 200, "the token to expire");

        Assert.Equal(400, status);
        Assert.Equal("InvalidAuthentication", body["code"]!.GetValue<string>());
    }

    public static TheoryData<string, string> BadBatches() => new()
    {
        { "robotCode", "invalidParameter.robotCode.auth" },
        { "emptyRobotCode", "invalidParameter.robotCode.empty" },
        { "noUsers", "invalidParameter.userIds.empty" },
        { "tooManyUsers", "invalidParameter.userIds.overMax" },
        { "msgKey", "invalidParameter.msgKey.invalid" },
        { "msgParamNotJson", "invalidParameter.msgParam.invalid" },
        { "msgParamMissingKey", "invalidParameter.msgParam.invalid" },
        { "msgParamTooLarge", "invalidParameter.msgParam.invalid" },
    };

    [Theory]
    [MemberData(nameof(BadBatches))]
    public async Task Invalid_batch_send_should_be_refused_with_DingTalks_code(string fault, string code)
    {
        var body = fault switch
        {
            "robotCode" => Batch(robotCode: "dingother"),
            "emptyRobotCode" => Batch(robotCode: ""),
            "noUsers" => Batch(userIds: Array.Empty<string>()),
            "tooManyUsers" => Batch(userIds: Enumerable.Range(0, 21).Select(i => $"u{i}").ToArray()),
            "msgKey" => Batch(msgKey: "sampleHologram"),
            "msgParamNotJson" => Batch(msgParam: "content=hello"),
            "msgParamMissingKey" => Batch(msgParam: """{"text":"hello"}"""),
            _ => Batch(msgParam: JsonSerializer.Serialize(new { content = new string('字', 5_001) })),
        };

        var (status, error) = await _api.PostRawAsync("v1.0/robot/oToMessages/batchSend", body, await _api.TokenAsync());

        Assert.Equal(400, status);
        Assert.Equal(code, error["code"]!.GetValue<string>());
        Assert.Empty(await _api.RobotMessagesAsync("cidDm1"));
    }

    [Fact]
    public async Task GroupSend_to_an_unknown_conversation_should_be_refused()
    {
        var (status, error) = await _api.PostRawAsync("v1.0/robot/groupMessages/send", Group(openConversationId: "cidNowhere"), await _api.TokenAsync());

        Assert.Equal(400, status);
        Assert.Equal("invalidParameter.openConversationId.invalid", error["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Legacy_gettoken_should_answer_errcode_40096_on_bad_credentials_and_a_token_otherwise()
    {
        var bad = await _api.Http.GetStringAsync($"gettoken?appkey={_emulator.Credentials.AppKey}&appsecret=nope");
        var good = await _api.Http.GetStringAsync($"gettoken?appkey={_emulator.Credentials.AppKey}&appsecret={Uri.EscapeDataString(_emulator.Credentials.AppSecret)}");

        Assert.Equal(40096, JsonDocument.Parse(bad).RootElement.GetProperty("errcode").GetInt32());
        var token = JsonDocument.Parse(good).RootElement;
        Assert.Equal(0, token.GetProperty("errcode").GetInt32());
        Assert.Equal(await _api.TokenAsync(), token.GetProperty("access_token").GetString());
        Assert.InRange(token.GetProperty("expires_in").GetInt32(), 7000, 7200);
    }

    [Fact]
    public async Task New_token_endpoint_should_answer_invalidClientIdOrSecret_on_bad_credentials()
    {
        var (status, body) = await _api.PostRawAsync("v1.0/oauth2/accessToken", JsonSerializer.Serialize(new { appKey = _emulator.Credentials.AppKey, appSecret = "nope" }));

        Assert.Equal(400, status);
        Assert.Equal("invalidClientIdOrSecret", body["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Session_webhook_with_an_unknown_session_should_answer_300001()
    {
        var (status, body) = await _api.PostRawAsync("robot/sendBySession?session=deadbeef", """{"msgtype":"text","text":{"content":"x"}}""");

        Assert.Equal(200, status);
        Assert.Equal(300001, body["errcode"]!.GetValue<int>());
        Assert.Equal("session 不存在", body["errmsg"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unified_token_endpoint_should_issue_the_same_token_and_refuse_bad_clients()
    {
        var good = JsonSerializer.Serialize(new { client_id = _emulator.Credentials.AppKey, client_secret = _emulator.Credentials.AppSecret, grant_type = "client_credentials" });
        var bad = JsonSerializer.Serialize(new { client_id = _emulator.Credentials.AppKey, client_secret = "nope", grant_type = "client_credentials" });

        var (status, body) = await _api.PostRawAsync("v1.0/oauth2/dingcorp/token", good);
        var (refused, error) = await _api.PostRawAsync("v1.0/oauth2/dingcorp/token", bad);

        Assert.Equal(200, status);
        Assert.Equal(await _api.TokenAsync(), body["access_token"]!.GetValue<string>());
        Assert.Equal(400, refused);
        Assert.Equal("invalid.client", error["code"]!.GetValue<string>());
    }

    /// <summary>A person sends the robot a picture: its download code, as a connected client receives it.</summary>
    private async Task<string> SentPictureCodeAsync()
    {
        await using var client = await ProtocolClient.ConnectAsync(_emulator);
        var msgId = await _api.InboundAsync(new { conversationType = "1", conversationId = "cidDm1", senderStaffId = "manager001", msgtype = "picture" });
        EdgeCrab.DingTalk.Robot.RobotMessage message;
        do
            message = await client.NextRobotMessageAsync();
        while (message.MsgId != msgId);
        return ((EdgeCrab.DingTalk.Robot.PictureContent)message.Content).DownloadCode!;
    }

    [Fact]
    public async Task File_download_should_give_a_URL_that_serves_the_picture()
    {
        var downloadCode = await SentPictureCodeAsync();
        var token = await _api.TokenAsync();

        var (status, body) = await _api.PostRawAsync("v1.0/robot/messageFiles/download", JsonSerializer.Serialize(new { robotCode = _emulator.RobotCode, downloadCode }), token);
        var (unknown, _) = await _api.PostRawAsync("v1.0/robot/messageFiles/download", JsonSerializer.Serialize(new { robotCode = _emulator.RobotCode, downloadCode = "made-up" }), token);
        using var file = await _api.Http.GetAsync(body["downloadUrl"]!.GetValue<string>());

        Assert.Equal(200, status);
        Assert.Equal(400, unknown);
        Assert.Equal("image/png", file.Content.Headers.ContentType!.MediaType);
        Assert.Equal(0x89, (await file.Content.ReadAsByteArrayAsync())[0]);
    }

    [Fact]
    public async Task An_expired_file_URL_should_stop_serving_while_its_code_still_gives_a_fresh_one_until_the_code_expires()
    {
        var request = JsonSerializer.Serialize(new { robotCode = _emulator.RobotCode, downloadCode = await SentPictureCodeAsync() });
        var token = await _api.TokenAsync();
        var (_, first) = await _api.PostRawAsync("v1.0/robot/messageFiles/download", request, token);
        var oldUrl = first["downloadUrl"]!.GetValue<string>();

        await _api.FaultsAsync(new { expireFileUrls = true });
        using var expired = await _api.Http.GetAsync(oldUrl);
        var (again, fresh) = await _api.PostRawAsync("v1.0/robot/messageFiles/download", request, token);
        using var served = await _api.Http.GetAsync(fresh["downloadUrl"]!.GetValue<string>());

        await _api.FaultsAsync(new { expireFileCodes = true });
        var (refused, error) = await _api.PostRawAsync("v1.0/robot/messageFiles/download", request, token);

        Assert.Equal(404, (int)expired.StatusCode);
        Assert.Equal(200, again);
        Assert.Equal(200, (int)served.StatusCode);
        Assert.Equal(400, refused);
        Assert.Equal("invalidParameter.downloadCode.invalid", error["code"]!.GetValue<string>());
    }
}
