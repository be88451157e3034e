using System.Text.Encodings.Web;

namespace EdgeCrab.DingTalk;

/// <summary>
/// How the library writes text into JSON for DingTalk, and what each character then costs in bytes. DingTalk limits
/// the robot API's <c>msgParam</c> (itself JSON) in bytes, so a reply is measured as it will be written, escapes included.
/// </summary>
internal static class DingTalkJson
{
    /// <summary>Non-ASCII text as UTF-8 rather than \uXXXX. The bodies go to an API, never into HTML.</summary>
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>
    /// Bytes the character at <paramref name="index"/> (with its low surrogate, if it starts a pair) takes inside a
    /// JSON string written with <see cref="Encoder"/>; <paramref name="length"/> is how many chars that was.
    /// </summary>
    public static int Width(string text, int index, out int length)
    {
        var c = text[index];
        if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
        {
            length = 2;
            // The encoder escapes characters beyond the BMP (emoji) as two \uXXXX escapes.
            return Encoder.WillEncode(char.ConvertToUtf32(c, text[index + 1])) ? 12 : 4;
        }
        length = 1;
        if (c is '"' or '\\' or '\n' or '\r' or '\t' or '\b' or '\f') return 2;
        if (char.IsSurrogate(c) || Encoder.WillEncode(c)) return 6;
        return c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
    }

    /// <summary>The bytes <paramref name="text"/> takes inside a JSON string (without the quotes).</summary>
    public static int ByteCount(string text)
    {
        var bytes = 0;
        for (var i = 0; i < text.Length;)
        {
            bytes += Width(text, i, out var length);
            i += length;
        }
        return bytes;
    }
}
