using System.Text;

namespace EdgeCrab.Gateway.Agent;

/// <summary>
/// The agent's persona: <c>$EDGECRAB_HOME/SOUL.md</c>, the system message of every request when it has text (the
/// convention of EdgeCrab's and hermes-agent's homes). Looked at as each turn starts (its size and write time), and
/// read again only when they changed, so an edit applies to the next turn without a restart. Absent, empty or
/// unreadable means no system message. Safe to use from any thread.
/// </summary>
public sealed class Persona(string? path)
{
    /// <summary>No file: no system message (tests, the bench).</summary>
    public static readonly Persona None = new(null);

    /// <summary>What is read of the file at most: a persona is a page, not a book, and it goes with every request.</summary>
    public const int MaxChars = 32 * 1024;

    private readonly Lock _gate = new();
    private (long Length, DateTime WrittenAt)? _seen;
    private string? _text;

    /// <summary>The system message for a turn starting now; null when there is none.</summary>
    public string? Text
    {
        get
        {
            if (path is null) return null;
            lock (_gate)
            {
                try
                {
                    var file = new FileInfo(path);
                    var now = file.Exists ? (file.Length, file.LastWriteTimeUtc) : ((long, DateTime)?)null;
                    if (now == _seen) return _text;
                    _seen = now;
                    _text = now is null ? null : Read(path);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Being written or locked: keep what was read last, and look again at the next turn.
                    _seen = null;
                }
                return _text;
            }
        }
    }

    private static string? Read(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        var buffer = new char[MaxChars];
        var read = reader.ReadBlock(buffer, 0, MaxChars);
        var text = new string(buffer, 0, read).Trim();
        return text.Length == 0 ? null : text;
    }
}
