using EdgeCrab.Gateway.Cards;
using EdgeCrab.Tests.Support;

namespace EdgeCrab.Bench;

/// <summary>
/// What an answer costs in DingTalk API calls, by route: markdown through the session webhook, markdown through the
/// robot API once the webhook has expired, and an AI card streamed for about 10 s at the default and the fastest
/// update interval. Counted by the emulator (<c>GET /_emulator/calls</c>: every business call, access tokens and the
/// stream's connection excluded), and turned into how many answers a standard organisation's monthly quota of 10,000
/// OpenAPI calls buys (dingtalk-protocol.md §7).
/// </summary>
internal static class CallsBench
{
    private const int MonthlyQuota = 10_000;
    private const string Webhook = "/robot/sendBySession";

    // 11 words at one a second: a model answering for ~10 s ("LLM says: slow …" is the model server's echo).
    private const string TenSecondPrompt = "slow one two three four five six seven eight";

    public static async Task RunAsync(Report report, bool quick)
    {
        var answers = quick ? 5 : 20;
        await using var llm = await OpenAiCompatibleServer.StartAsync();
        await MeasureAsync(report, "markdown, session webhook", answers, "what does one answer cost?", null, null);
        await MeasureAsync(report, "markdown, robot API", answers, "what does one answer cost?", null, null, expiredWebhooks: true);
        await MeasureAsync(report, $"card, 10 s answer, {CardOptions.DefaultUpdateInterval.TotalMilliseconds:0} ms", answers, TenSecondPrompt, llm, CardOptions.DefaultUpdateInterval);
        await MeasureAsync(report, $"card, 10 s answer, {CardOptions.MinUpdateInterval.TotalMilliseconds:0} ms", answers, TenSecondPrompt, llm, CardOptions.MinUpdateInterval);
    }

    private static async Task MeasureAsync(Report report, string route, int answers, string prompt, OpenAiCompatibleServer? llm, TimeSpan? cardInterval, bool expiredWebhooks = false)
    {
        Console.Error.WriteLine($"calls: {route} × {answers}");
        await using var rig = await GatewayRig.StartAsync(configure: s => llm is null ? s : s with
        {
            LlmBaseUrl = llm.BaseUri, LlmApiKey = "sk-bench", Model = "bench-model",
            CardTemplateId = "bench-ai-card", CardInterval = cardInterval ?? s.CardInterval,
        });
        // A webhook that expires within the gateway's 5-minute margin is never used: every reply takes the robot API.
        if (expiredWebhooks) await rig.Control.FaultAsync(new { webhookLifetimeMs = 60_000 });
        await rig.Control.ResetCallsAsync();
        var conversations = Enumerable.Range(1, answers).Select(i => $"cidCalls{i}").ToArray();
        foreach (var conversation in conversations) await rig.Control.DirectMessageAsync(conversation, prompt, "bench-" + conversation);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        foreach (var conversation in conversations)
        {
            while (!Answered(await rig.Control.MessagesAsync(conversation), cardInterval is not null))
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"{conversation} was not answered within 2 minutes");
                await Task.Delay(50);
            }
        }
        var calls = await rig.Control.CallsAsync();
        var webhook = calls.Apis.Where(a => a.Path.Contains(Webhook, StringComparison.Ordinal)).Sum(a => a.Total);
        var openApi = calls.Total - webhook;
        var perAnswer = openApi / (double)answers;
        var byApi = string.Join(", ", calls.Apis.Where(a => a.Total > 0).Select(a => $"{a.Method} {a.Path} {a.Total / (double)answers:0.#}"));
        report.Add("calls", $"{route}: OpenAPI calls / answer", perAnswer.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture),
            $"{answers} answers; per answer: {byApi}; {MonthlyQuota:N0}/month buys {(perAnswer == 0 ? "unlimited (webhook sends are not OpenAPI calls)" : $"{MonthlyQuota / perAnswer:N0} answers")}");
    }

    private static bool Answered(IReadOnlyList<EmulatorClient.ChatMessage> messages, bool card) =>
        card ? messages.Any(m => m.Via == "card" && m.Finalized == true) : messages.Any(m => m.From == "robot");
}
