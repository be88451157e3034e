using System.Buffers;
using System.Text;
using System.Text.Json;

namespace EdgeCrab.DingTalk;

/// <summary>
/// Writes JSON text through a byte buffer kept per thread. Frames, acks and robot messages are written thousands of
/// times a second in a burst; each through a fresh <see cref="MemoryStream"/> that grew by doubling, they were a
/// quarter of all the bytes a burst allocated (bench/README.md, issue 14, fifth round). Now each costs its string.
/// </summary>
internal static class JsonText
{
    // A rare huge message is not kept alive on its thread for good.
    private const int KeepAtMost = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    public static string Write<TState>(TState state, JsonWriterOptions options, Action<Utf8JsonWriter, TState> write)
    {
        // Taken, not shared: a nested call on the same thread finds none and makes its own.
        var buffer = t_buffer ?? new ArrayBufferWriter<byte>(1024);
        t_buffer = null;
        try
        {
            using (var writer = new Utf8JsonWriter(buffer, options)) write(writer, state);
            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        finally
        {
            buffer.ResetWrittenCount();
            if (buffer.Capacity <= KeepAtMost) t_buffer = buffer;
        }
    }
}
