using System.Net.Http.Json;
using System.Text.Json;

namespace EdgeCrab.Bench;

/// <summary>The emulator's control API (JSON over loopback HTTP), as the bench uses it.</summary>
internal sealed class EmulatorClient(Uri baseUri) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http = new() { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
    private int _loadRuns;

    /// <summary>What <c>GET /_emulator/load</c> reports about the current run.</summary>
    public sealed record LoadReport(int Pushed, int Acked, int Answered, double ElapsedMs, double AckP50Ms, double AckP95Ms, double AckP99Ms);

    public sealed record CallbackState(int Deliveries, bool Acked);

    public sealed record ChatMessage(string From, string Text, DateTime At, string? Via = null, bool? Finalized = null);

    /// <summary>What <c>GET /_emulator/calls</c> reports: the app's business API calls, by method and route.</summary>
    public sealed record CallReport(IReadOnlyList<ApiCalls> Apis, int Total, int Refused, int MaxPerSecond);

    public sealed record ApiCalls(string Method, string Path, int Total, int Refused, int MaxPerSecond);

    public async Task<CallReport> CallsAsync() => (await _http.GetFromJsonAsync<CallReport>("/_emulator/calls", Json))!;

    public async Task ResetCallsAsync() => (await _http.DeleteAsync("/_emulator/calls")).EnsureSuccessStatusCode();

    /// <summary>Starts a burst and returns its run number (conversations are <c>cidLoad{run}x{1..n}</c>).</summary>
    public async Task<int> StartLoadAsync(int messages, int conversations, string text = "load test", int? perSecond = null)
    {
        using var response = await _http.PostAsJsonAsync("/_emulator/load", new { messages, conversations, conversationType = "1", text, perSecond }, Json);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"load refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return ++_loadRuns;
    }

    public async Task<LoadReport> LoadAsync() => (await _http.GetFromJsonAsync<LoadReport>("/_emulator/load", Json))!;

    /// <summary>Polls the current run until every message is pushed and acked (or the deadline passes); returns the time taken from <paramref name="since"/>.</summary>
    public async Task<(LoadReport Report, TimeSpan Elapsed, bool Complete)> WaitForAcksAsync(int messages, System.Diagnostics.Stopwatch since, TimeSpan deadline, TimeSpan? poll = null)
    {
        while (true)
        {
            var report = await LoadAsync();
            var elapsed = since.Elapsed;
            if (report.Pushed == messages && report.Acked == messages) return (report, elapsed, true);
            if (elapsed > deadline) return (report, elapsed, false);
            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(10));
        }
    }

    /// <param name="staffId">The sender: a one-to-one chat is the robot's with one person, so give each its own when replies go through the robot API.</param>
    public async Task<string> DirectMessageAsync(string conversationId, string text, string staffId = "bench-user")
    {
        using var response = await _http.PostAsJsonAsync("/_emulator/inbound",
            new { conversationType = "1", conversationId, senderStaffId = staffId, senderNick = "Bench", text }, Json);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"inbound refused: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("msgId").GetString()!;
    }

    public async Task<CallbackState> CallbackAsync(string msgId) =>
        (await _http.GetFromJsonAsync<CallbackState>($"/_emulator/callbacks/{Uri.EscapeDataString(msgId)}", Json))!;

    public async Task<IReadOnlyList<ChatMessage>> MessagesAsync(string conversationId) =>
        await _http.GetFromJsonAsync<ChatMessage[]>($"/_emulator/conversations/{Uri.EscapeDataString(conversationId)}/messages", Json) ?? [];

    public async Task<int> ConnectionCountAsync()
    {
        using var doc = JsonDocument.Parse(await _http.GetStringAsync("/_emulator/connections"));
        return doc.RootElement.GetArrayLength();
    }

    public async Task FaultAsync(object faults)
    {
        using var response = await _http.PostAsJsonAsync("/_emulator/faults", faults, Json);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"faults refused: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Waits for at least <paramref name="count"/> stream clients.</summary>
    public async Task WaitForConnectionsAsync(int count, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (await ConnectionCountAsync() < count)
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"no stream client connected within {timeout.TotalSeconds:0} s");
            await Task.Delay(10);
        }
    }

    public void Dispose() => _http.Dispose();
}
