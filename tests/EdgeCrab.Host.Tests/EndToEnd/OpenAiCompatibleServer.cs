using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary>
/// An OpenAI-compatible chat completions server on loopback, streaming SSE as OpenAI does, so tests run the real
/// OpenAI client. A prompt starting "slow" streams one word a second (and records when the client hangs up);
/// "explode" answers HTTP 500; anything else is answered "LLM says: &lt;prompt&gt;" with usage 12 in / 5 out.
/// </summary>
internal sealed class OpenAiCompatibleServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    public ConcurrentQueue<JsonElement> Requests { get; } = new();
    public ConcurrentQueue<string> Aborted { get; } = new();
    public ConcurrentQueue<string?> Authorizations { get; } = new();

    private OpenAiCompatibleServer(WebApplication app) => _app = app;

    public Uri BaseUri { get; private set; } = null!;

    public static async Task<OpenAiCompatibleServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new OpenAiCompatibleServer(app);
        app.MapPost("/v1/chat/completions", server.CompleteAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri(address.TrimEnd('/') + "/v1");
        return server;
    }

    private async Task CompleteAsync(HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var request = body.RootElement.Clone();
        Requests.Enqueue(request);
        Authorizations.Enqueue(context.Request.Headers.Authorization.FirstOrDefault());
        var prompt = request.GetProperty("messages").EnumerateArray().Last().GetProperty("content").ToString();
        if (prompt.StartsWith("explode", StringComparison.Ordinal))
        {
            context.Response.StatusCode = 500;
            await context.Response.WriteAsJsonAsync(new { error = new { message = "internal error at https://internal.example/v1?key=sk-leak", type = "server_error" } });
            return;
        }
        context.Response.ContentType = "text/event-stream";
        var words = ("LLM says: " + prompt).Split(' ');
        var slow = prompt.StartsWith("slow", StringComparison.Ordinal);
        try
        {
            for (var i = 0; i < words.Length; i++)
            {
                var piece = (i == 0 ? "" : " ") + words[i];
                await Send(context, new { id = "c1", @object = "chat.completion.chunk", created = 0, model = "test", choices = new[] { new { index = 0, delta = new { role = "assistant", content = piece }, finish_reason = (string?)null } } });
                if (slow) await Task.Delay(TimeSpan.FromSeconds(1), context.RequestAborted);
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
