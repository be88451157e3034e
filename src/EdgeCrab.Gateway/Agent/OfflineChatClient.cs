using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace EdgeCrab.Gateway.Agent;

/// <summary>
/// The built-in agent used when no LLM is configured: streams a short, clearly labelled answer that quotes the
/// message, so the gateway works end to end with no account. It never pretends to be an LLM.
/// </summary>
public sealed class OfflineChatClient(TimeSpan? delayPerPiece = null) : IChatClient
{
    public const string Label = "(offline agent)";

    private readonly TimeSpan _delay = delayPerPiece ?? TimeSpan.FromMilliseconds(20);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
            updates.Add(update);
        return updates.ToChatResponse();
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var history = messages.ToList();
        // A picture among the text is said in its place: there is no model here to look at it.
        var prompt = history.LastOrDefault(m => m.Role == ChatRole.User) is { } last
            ? string.Join(' ', last.Contents.Select(c => c switch { TextContent t => t.Text, DataContent => "[picture]", _ => null }).OfType<string>())
            : "";
        var pieces = new[] { Label, " You said: ", prompt };
        foreach (var piece in pieces)
        {
            await Task.Delay(_delay, cancellationToken).ConfigureAwait(false);
            yield return new ChatResponseUpdate(ChatRole.Assistant, piece);
        }
        // Rough token counts (words), so /usage has something honest to add up offline.
        var input = history.Sum(m => CountWords(m.Text));
        var output = pieces.Sum(CountWords);
        yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(new UsageDetails { InputTokenCount = input, OutputTokenCount = output })]);
    }

    // Counted in place: splitting made a string per word of the whole history every turn (~4 % of what a message allocates).
    private static int CountWords(string? text)
    {
        var (words, inWord) = (0, false);
        foreach (var c in text ?? "")
        {
            var wordChar = !char.IsWhiteSpace(c);
            if (wordChar && !inWord) words++;
            inWord = wordChar;
        }
        return words;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose() { }
}
