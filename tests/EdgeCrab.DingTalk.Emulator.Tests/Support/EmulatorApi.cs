using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeCrab.DingTalk.Emulator.Tests.Support;

/// <summary>The emulator's control API over real HTTP, as tests and the chat page use it.</summary>
public sealed class EmulatorApi(DingTalkEmulator emulator) : IDisposable
{
    public HttpClient Http { get; } = new() { BaseAddress = emulator.BaseUri, Timeout = TimeSpan.FromSeconds(30) };

    public async Task<string> InboundAsync(object message)
    {
        using var response = await Http.PostAsJsonAsync("_emulator/inbound", message);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"inbound refused: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!["msgId"]!.GetValue<string>();
    }

    public Task<string> DirectAsync(string conversationId, string staffId, string text) =>
        InboundAsync(new { conversationType = "1", conversationId, senderStaffId = staffId, senderNick = staffId, text });

    public Task<string> GroupAsync(string conversationId, string staffId, string text, bool atRobot = true) =>
        InboundAsync(new { conversationType = "2", conversationId, conversationTitle = "Team group", senderStaffId = staffId, text, atRobot });

    public async Task<JsonArray> MessagesAsync(string conversationId) =>
        (await Http.GetFromJsonAsync<JsonArray>($"_emulator/conversations/{Uri.EscapeDataString(conversationId)}/messages"))!;

    public async Task<JsonArray> RobotMessagesAsync(string conversationId) =>
        new((await MessagesAsync(conversationId)).Where(m => m!["from"]!.GetValue<string>() == "robot").Select(m => m!.DeepClone()).ToArray());

    public async Task<(int Deliveries, bool Acked)> CallbackAsync(string msgId)
    {
        var node = (await Http.GetFromJsonAsync<JsonObject>($"_emulator/callbacks/{Uri.EscapeDataString(msgId)}"))!;
        return (node["deliveries"]!.GetValue<int>(), node["acked"]!.GetValue<bool>());
    }

    public async Task<JsonArray> ConnectionsAsync() => (await Http.GetFromJsonAsync<JsonArray>("_emulator/connections"))!;

    public async Task<JsonObject> FaultsAsync(object faults)
    {
        using var response = await Http.PostAsJsonAsync("_emulator/faults", faults);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"faults refused: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>Posts raw text and returns the status and parsed JSON body (a test fails if the body is not JSON).</summary>
    public async Task<(int Status, JsonNode Body)> PostRawAsync(string path, string body, string? token = null, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Post, path) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        if (token is not null) request.Headers.Add("x-acs-dingtalk-access-token", token);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            throw new Xunit.Sdk.XunitException($"{path} answered {(int)response.StatusCode} with a non-JSON body: {text}");
        }
        return ((int)response.StatusCode, parsed ?? new JsonObject());
    }

    /// <summary><c>userId</c> presses the card's button <c>actionId</c>; the status and body of the control API's answer.</summary>
    public Task<(int Status, JsonNode Body)> PressCardButtonAsync(string outTrackId, string userId, string actionId) =>
        PostRawAsync($"_emulator/cards/{Uri.EscapeDataString(outTrackId)}/actions", JsonSerializer.Serialize(new { userId, actionId }));

    public async Task<JsonObject> CallsAsync() => (await Http.GetFromJsonAsync<JsonObject>("_emulator/calls"))!;

    public async Task<string> TokenAsync()
    {
        var (status, body) = await PostRawAsync("v1.0/oauth2/accessToken",
            JsonSerializer.Serialize(new { appKey = emulator.Credentials.AppKey, appSecret = emulator.Credentials.AppSecret }));
        Assert.Equal(200, status);
        return body["accessToken"]!.GetValue<string>();
    }

    public void Dispose() => Http.Dispose();
}
