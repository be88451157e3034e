using System.Security.Cryptography;
using System.Text;
using EdgeCrab.Gateway.Sessions;

namespace EdgeCrab.Gateway.Outbox;

/// <summary>
/// A chunk's idempotency key, the <c>msgUuid</c> DingTalk drops a repeated send by: the same UUID every time the same
/// chunk is sent (a resend after a crash shows once), and a different one for every other chunk ever sent, even by a
/// journal started over whose reply numbers begin again at 1: the session's incarnation is part of it.
/// </summary>
public static class ChunkKey
{
    public static string For(PendingChunk chunk)
    {
        var name = chunk.Incarnation is { } incarnation
            // Newline-separated: no id holds one, so a conversation id can never run into the incarnation.
            ? $"edgecrab\n{chunk.Target.ConversationId}\n{incarnation}\n{chunk.ReplyNumber}\n{chunk.Index}"
            // Replies queued before incarnations were kept: the key they were first sent with, so a resend is still dropped.
            : $"edgecrab/{chunk.Target.ConversationId}/{chunk.ReplyNumber}/{chunk.Index}";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        // A name-based (version 5 style) UUID: stable, and shaped like the UUIDs DingTalk's examples use.
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }
}
