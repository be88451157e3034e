namespace EdgeCrab.DingTalk.Emulator.Stream;

/// <summary>The SYSTEM pings sent on one connection and whether the client echoed each one's data unchanged.</summary>
internal sealed class PingTracker
{
    private readonly object _gate = new();
    private readonly Dictionary<string, string> _outstanding = new(StringComparer.Ordinal);

    public int Sent { get; private set; }
    public int Answered { get; private set; }
    public int Mismatched { get; private set; }

    public void Record(string messageId, string data)
    {
        lock (_gate)
        {
            Sent++;
            _outstanding[messageId] = data;
            // A client that never answers must not make this grow forever.
            if (_outstanding.Count > 100) _outstanding.Remove(_outstanding.Keys.First());
        }
    }

    /// <summary>True when the ack answered one of our pings (matched or not).</summary>
    public bool TryAnswer(string messageId, int code, string data)
    {
        lock (_gate)
        {
            if (!_outstanding.Remove(messageId, out var sent)) return false;
            Answered++;
            if (code != 200 || !SameOpaque(sent, data)) Mismatched++;
            return true;
        }
    }

    // Clients re-serialize the data; compare what it carries, not its bytes.
    private static bool SameOpaque(string sent, string echoed)
    {
        try
        {
            using var a = System.Text.Json.JsonDocument.Parse(sent);
            using var b = System.Text.Json.JsonDocument.Parse(echoed);
            return b.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && b.RootElement.TryGetProperty("opaque", out var o)
                && o.ValueKind == System.Text.Json.JsonValueKind.String
                && o.GetString() == a.RootElement.GetProperty("opaque").GetString();
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }
}
