using System.Collections.Concurrent;

namespace EdgeCrab.DingTalk.Emulator.Conversations;

/// <summary>The session webhooks handed out with callbacks: which conversation each one answers, and until when.</summary>
internal sealed class SessionWebhooks(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, (string ConversationId, DateTimeOffset ExpiresAt)> _sessions = new(StringComparer.Ordinal);

    public string Open(string conversationId, DateTimeOffset expiresAt)
    {
        var session = EmulatorApp.RandomHex(16);
        _sessions[session] = (conversationId, expiresAt);
        return session;
    }

    /// <summary>The conversation of a live session, or null when it is unknown or expired.</summary>
    public string? ConversationOf(string? session)
    {
        if (session is null || !_sessions.TryGetValue(session, out var entry)) return null;
        return entry.ExpiresAt > clock.GetUtcNow() ? entry.ConversationId : null;
    }
}
