using System.Security.Cryptography;
using System.Text;
using EdgeCrab.Gateway.Sessions;

namespace EdgeCrab.Gateway.Outbox;

/// <summary>
/// A chunk's idempotency key: the same UUID every time the same chunk of the same reply of the same conversation is
/// sent, so a resend after a crash can be recognised by the receiver.
/// </summary>
public static class ChunkKey
{
    public static string For(PendingChunk chunk)
    {
        var name = $"edgecrab/{chunk.Target.ConversationId}/{chunk.ReplyNumber}/{chunk.Index}";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        // A name-based (version 5 style) UUID: stable, and shaped like the UUIDs DingTalk's examples use.
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }
}
