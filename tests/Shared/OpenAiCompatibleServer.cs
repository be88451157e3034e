using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeCrab.Tests.Support;

/// <summary>
/// An OpenAI-compatible chat completions server on loopback, streaming SSE as OpenAI does, so tests run the real
/// OpenAI client. A prompt starting "slow" streams one word a second (and records when the client hangs up);
/// "hold" waits until <see cref="ReleaseHeld"/> is called; "explode" answers HTTP 500; "throttled" answers 429 with a
/// Retry-After twice (seconds, then an HTTP date) before streaming; anything else is answered
/// "LLM says: &lt;prompt&gt;" with usage 12 in / 5 out. A picture in the prompt reads "[image &lt;type&gt;, &lt;n&gt; bytes]"
/// there; a server started blind refuses any request with a picture as OpenAI refuses one to a model without vision
/// (HTTP 400). It counts the requests in flight and the most seen at once.
/// </summary>
internal sealed class OpenAiCompatibleServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, int> _throttled = new();
    private int _inFlight;
    private int _maxInFlight;

    public ConcurrentQueue<JsonElement> Requests { get; } = new();
    public ConcurrentQueue<string> Aborted { get; } = new();
    public ConcurrentQueue<string?> Authorizations { get; } = new();

    private readonly bool _seesPictures;

    private OpenAiCompatibleServer(WebApplication app, bool seesPictures)
    {
        _app = app;
        _seesPictures = seesPictures;
    }

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>Requests being answered now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>The most requests ever answered at once.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>The prompts the server was asked, in arrival order (retries included).</summary>
    public IReadOnlyList<string> Prompts => Requests.Select(LastPrompt).ToArray();

    /// <summary>Lets every "hold" request, now and later, answer.</summary>
    public void ReleaseHeld() => _release.TrySetResult();

    /// <param name="seesPictures">False plays a model without vision: a request with a picture gets OpenAI's HTTP 400.</param>
    public static async Task<OpenAiCompatibleServer> StartAsync(bool seesPictures = true)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new OpenAiCompatibleServer(app, seesPictures);
        app.MapPost("/v1/chat/completions", server.CompleteAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri(address.TrimEnd('/') + "/v1");
        return server;
    }

    // A group's line comes as "[speaker] text": the words that steer this server are the text's.
    private static string LastPrompt(JsonElement request) =>
        System.Text.RegularExpressions.Regex.Replace(Read(request.GetProperty("messages").EnumerateArray().Last().GetProperty("content")), @"^\[[^\]]*\] ", "");

    /// <summary>A message's content as one line: its text parts, and each picture as its type and size.</summary>
    private static string Read(JsonElement content) => content.ValueKind != JsonValueKind.Array
        ? content.ToString()
        : string.Join(" ", content.EnumerateArray().Select(part => part.GetProperty("type").GetString() switch
        {
            "image_url" => Describe(part.GetProperty("image_url").GetProperty("url").GetString()!),
            _ => part.TryGetProperty("text", out var text) ? text.GetString() : "",
        }));

    private static string Describe(string dataUrl)
    {
        var comma = dataUrl.IndexOf(',');
        var type = dataUrl[5..dataUrl.IndexOf(';')];
        return $"[image {type}, {Convert.FromBase64String(dataUrl[(comma + 1)..]).Length} bytes]";
    }

    private static bool HasPicture(JsonElement request) => request.GetProperty("messages").EnumerateArray().Any(m =>
        m.GetProperty("content") is { ValueKind: JsonValueKind.Array } parts && parts.EnumerateArray().Any(p => p.GetProperty("type").GetString() == "image_url"));

    private async Task CompleteAsync(HttpContext context)
    {
        var now = Interlocked.Increment(ref _inFlight);
        for (var max = MaxInFlight; now > max; max = MaxInFlight)
            Interlocked.CompareExchange(ref _maxInFlight, now, max);
        try
        {
            await AnswerAsync(context);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task AnswerAsync(HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var request = body.RootElement.Clone();
        Requests.Enqueue(request);
        Authorizations.Enqueue(context.Request.Headers.Authorization.FirstOrDefault());
        var prompt = LastPrompt(request);
        if (!_seesPictures && HasPicture(request))
        {
            // OpenAI's own answer to a picture sent to a model without vision.
            context.Response.StatusCode = 400;
            await context.Response.WriteAsJsonAsync(new { error = new { message = "Invalid content type. image_url is only supported by certain models.", type = "invalid_request_error", param = "messages.[0].content.[1].type", code = (string?)null } });
            return;
        }
        if (prompt.StartsWith("throttled", StringComparison.Ordinal))
        {
            var refusals = _throttled.AddOrUpdate(prompt, 1, (_, n) => n + 1);
            if (refusals <= 2)
            {
                context.Response.StatusCode = 429;
                // Both forms RFC 9110 allows: delay-seconds, then an HTTP date.
                context.Response.Headers.RetryAfter = refusals == 1 ? "1" : DateTimeOffset.UtcNow.AddSeconds(1).ToString("r", System.Globalization.CultureInfo.InvariantCulture);
                await context.Response.WriteAsJsonAsync(new { error = new { message = "Rate limit reached", type = "requests" } });
                return;
            }
        }
        if (prompt.StartsWith("hold", StringComparison.Ordinal))
        {
            try
            {
                await _release.Task.WaitAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                Aborted.Enqueue(prompt);
                return;
            }
        }
        if (prompt.StartsWith("explode", StringComparison.Ordinal))
        {
            context.Response.StatusCode = 500;
            await context.Response.WriteAsJsonAsync(new { error = new { message = "internal error at https://internal.example/v1?key=sk-leak", type = "server_error" } });
            return;
        }
        context.Response.ContentType = "text/event-stream";
        var words = ("LLM says: " + prompt).Split(' ');
        // Held answers also stream at a pace once released, so that the ones after them overlap.
        var pause = prompt.StartsWith("slow", StringComparison.Ordinal) ? TimeSpan.FromSeconds(1)
            : prompt.StartsWith("hold", StringComparison.Ordinal) ? TimeSpan.FromMilliseconds(50)
            : TimeSpan.Zero;
        try
        {
            for (var i = 0; i < words.Length; i++)
            {
                var piece = (i == 0 ? "" : " ") + words[i];
                await Send(context, new { id = "c1", @object = "chat.completion.chunk", created = 0, model = "test", choices = new[] { new { index = 0, delta = new { role = "assistant", content = piece }, finish_reason = (string?)null } } });
                if (pause > TimeSpan.Zero) await Task.Delay(pause, context.RequestAborted);
            }
            await Send(context, new { id = "c1", @object = "chat.completion.chunk", created = 0, model = "test", choices = new[] { new { index = 0, delta = new { }, finish_reason = "stop" } } });
            await Send(context, new { id = "c1", @object = "chat.completion.chunk", created = 0, model = "test", choices = Array.Empty<object>(), usage = new { prompt_tokens = 12, completion_tokens = 5, total_tokens = 17 } });
            await context.Response.WriteAsync("data: [DONE]\n\n");
        }
        catch (OperationCanceledException)
        {
            Aborted.Enqueue(prompt);
        }
    }

    private static async Task Send(HttpContext context, object chunk)
    {
        await context.Response.WriteAsync("data: " + JsonSerializer.Serialize(chunk) + "\n\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
