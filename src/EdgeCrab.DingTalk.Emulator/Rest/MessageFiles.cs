using System.Collections.Concurrent;

namespace EdgeCrab.DingTalk.Emulator.Rest;

/// <summary>The files people "sent" (pictures, audio, video, files): their download codes and the URLs that serve them.</summary>
internal sealed class MessageFiles
{
    // The smallest valid PNG (1x1, transparent), so a client that decodes pictures gets a real one.
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    private readonly ConcurrentDictionary<string, string> _msgtypeByCode = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _codeByUrlToken = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (byte[] Bytes, string ContentType)> _sentByCode = new(StringComparer.Ordinal);

    /// <param name="bytes">What the person really sent; null serves the sample for its type.</param>
    public string Register(string msgtype, byte[]? bytes = null, string? contentType = null)
    {
        var code = "mIofN681YE3f" + EmulatorApp.RandomText(32);
        _msgtypeByCode[code] = msgtype;
        if (bytes is not null) _sentByCode[code] = (bytes, contentType ?? "application/octet-stream");
        return code;
    }

    private readonly ConcurrentDictionary<string, byte> _expiredCodes = new(StringComparer.Ordinal);

    /// <summary>A fresh download URL token for a known code, or null (an unknown or expired code).</summary>
    public string? UrlTokenFor(string downloadCode)
    {
        if (!_msgtypeByCode.ContainsKey(downloadCode) || _expiredCodes.ContainsKey(downloadCode)) return null;
        var token = EmulatorApp.RandomHex(16);
        _codeByUrlToken[token] = downloadCode;
        return token;
    }

    /// <summary>Every download URL handed out so far stops working, as DingTalk's do after a while; their codes still give fresh ones.</summary>
    public void ExpireUrls() => _codeByUrlToken.Clear();

    /// <summary>Every download code so far is refused, as one long past its message is.</summary>
    public void ExpireCodes()
    {
        foreach (var code in _msgtypeByCode.Keys) _expiredCodes[code] = 0;
        ExpireUrls();
    }

    public (byte[] Bytes, string ContentType)? Content(string urlToken)
    {
        if (!_codeByUrlToken.TryGetValue(urlToken, out var code) || !_msgtypeByCode.TryGetValue(code, out var msgtype)) return null;
        if (_sentByCode.TryGetValue(code, out var sent)) return sent;
        return msgtype == "picture"
            ? (Png, "image/png")
            : (System.Text.Encoding.UTF8.GetBytes($"emulated {msgtype} content\n"), "application/octet-stream");
    }
}
