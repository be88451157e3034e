using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace EdgeCrab.Gateway.Tests.Support;

/// <summary>
/// A test agent: answers "echo: &lt;prompt&gt;", or for prompts starting with "block" waits until released or
/// cancelled, recording every cancellation it sees, so tests can prove /stop reaches the agent.
/// </summary>
internal sealed class ScriptedAgent : IChatClient
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _blocked = new();

    public ConcurrentQueue<string> Prompts { get; } = new();
    public ConcurrentQueue<string> Cancelled { get; } = new();
    public ConcurrentQueue<IReadOnlyList<ChatMessage>> Histories { get; } = new();
    /// <summary>Prompts whose answer has been streamed to the end.</summary>
    public ConcurrentQueue<string> Finished { get; } = new();

    public void Release(string prompt) => _blocked.GetOrAdd(prompt, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var history = messages.ToList();
        Histories.Enqueue(history);
        var prompt = history.Last().Text;
        Prompts.Enqueue(prompt);
        if (prompt.StartsWith("block", StringComparison.Ordinal))
        {
            var gate = _blocked.GetOrAdd(prompt, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            try
            {
                await gate.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Cancelled.Enqueue(prompt);
                throw;
            }
        }
        if (prompt.StartsWith("fail", StringComparison.Ordinal))
            throw new HttpRequestException("connection refused to https://secret-host/v1?key=sk-123");
        yield return new ChatResponseUpdate(ChatRole.Assistant, "echo: ");
        yield return new ChatResponseUpdate(ChatRole.Assistant, prompt);
        yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(new UsageDetails { InputTokenCount = 3, OutputTokenCount = 2 })]);
        Finished.Enqueue(prompt);
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var u in GetStreamingResponseAsync(messages, options, cancellationToken)) updates.Add(u);
        return updates.ToChatResponse();
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose() { }
}
