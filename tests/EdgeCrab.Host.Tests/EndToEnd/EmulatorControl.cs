using System.Net.Http.Json;
using System.Text.Json;

namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary>The emulator's <c>/_emulator</c> control API, as tests and scripts use it: real HTTP on loopback.</summary>
internal sealed class EmulatorControl(Uri baseUri) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(15) };

    /// <summary>One line of a conversation; a card appears once, with its latest text and state.</summary>
    public sealed record ChatMessage(string From, string Text, string Msgtype, string? Via, bool? Finalized = null, bool? Failed = null, string? OutTrackId = null);

    /// <summary>Calls one API took (by method and route), and the most in any one second.</summary>
    public sealed record ApiCalls(string Method, string Path, int Total, int Refused, int MaxPerSecond);

    public sealed record CallReport(IReadOnlyList<ApiCalls> Apis, int Total, int Refused, int MaxPerSecond);

    /// <summary><see cref="Refused"/>: the client answered with a 4xx ack, so the callback is never sent again.</summary>
    public sealed record CallbackState(int Deliveries, bool Acked, bool Refused);

    public sealed record RawPush(string MsgId, string MessageId);

    public sealed record LoadReport(int Pushed, int Acked, int Answered);

    public async Task<string> SayAsync(object inbound)
    {
        using var response = await _http.PostAsJsonAsync("/_emulator/inbound", inbound);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"inbound refused: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("msgId").GetString()!;
    }

    public Task<string> DmAsync(string conversationId, string staffId, string text) =>
        SayAsync(new { conversationType = "1", conversationId, senderStaffId = staffId, senderNick = "Nick " + staffId, text });

    public Task<string> GroupAsync(string conversationId, string staffId, string text, bool atRobot) =>
        SayAsync(new { conversationType = "2", conversationId, conversationTitle = "Team group", senderStaffId = staffId, text, atRobot });

    public async Task<IReadOnlyList<ChatMessage>> MessagesAsync(string conversationId) =>
        await _http.GetFromJsonAsync<ChatMessage[]>($"/_emulator/conversations/{Uri.EscapeDataString(conversationId)}/messages", Json) ?? [];

    public async Task<IReadOnlyList<ChatMessage>> RobotRepliesAsync(string conversationId) =>
        (await MessagesAsync(conversationId)).Where(m => m.From == "robot").ToArray();

    public async Task<CallbackState> CallbackAsync(string msgId) =>
        (await _http.GetFromJsonAsync<CallbackState>($"/_emulator/callbacks/{Uri.EscapeDataString(msgId)}", Json))!;

    /// <summary>Pushes <paramref name="data"/> as a robot callback's data string, exactly as given (hostile input).</summary>
    public async Task<RawPush> RawAsync(string data)
    {
        using var response = await _http.PostAsJsonAsync("/_emulator/inbound/raw", new { data });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"raw inbound refused: {(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize<RawPush>(body, Json)!;
    }

    public async Task LoadAsync(int messages, int conversations)
    {
        using var response = await _http.PostAsJsonAsync("/_emulator/load", new { messages, conversations });
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"load refused: {await response.Content.ReadAsStringAsync()}");
    }

    public async Task<LoadReport> LoadReportAsync() => (await _http.GetFromJsonAsync<LoadReport>("/_emulator/load", Json))!;

    public async Task<int> ConnectionCountAsync()
    {
        using var doc = JsonDocument.Parse(await _http.GetStringAsync("/_emulator/connections"));
        return doc.RootElement.GetArrayLength();
    }

    public async Task FaultAsync(object faults)
    {
        using var response = await _http.PostAsJsonAsync("/_emulator/faults", faults);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"faults refused: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Someone presses a button on a card, as the chat page's Stop button does.</summary>
    public async Task PressCardButtonAsync(string outTrackId, string userId, string actionId)
    {
        using var response = await _http.PostAsJsonAsync($"/_emulator/cards/{Uri.EscapeDataString(outTrackId)}/actions", new { userId, actionId });
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"button refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task<CallReport> CallsAsync() => (await _http.GetFromJsonAsync<CallReport>("/_emulator/calls", Json))!;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Dispose() => _http.Dispose();
}
