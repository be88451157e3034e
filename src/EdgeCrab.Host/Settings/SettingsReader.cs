using System.Globalization;
using EdgeCrab.DingTalk.Security;

namespace EdgeCrab.Host.Settings;

/// <summary>
/// Typed reads of the layered raw values. A bad value adds one error line (<c>NAME: 'value' is not …</c>) and reads
/// as unset, so one pass reports every problem. Secrets are only ever read with <see cref="Text"/>, which cannot fail,
/// so no error line can quote one.
/// </summary>
internal sealed class SettingsReader(LayeredSettingValues values)
{
    private const int MaxQuotedLength = 60;
    private static readonly SecretRedactor UrlRedactor = new();
    private readonly List<string> _errors = [];

    public IReadOnlyList<string> Errors => _errors;

    /// <summary>Adds an error line; it ends with the .env file's path when the bad value came from there.</summary>
    public void Fail(string name, string problem, bool showOrigin = true) =>
        _errors.Add($"{name}: {problem}{(showOrigin ? values.Origin(name) : "")}");

    /// <summary>The trimmed value, or null when unset or blank.</summary>
    public string? Text(string name) => values.Raw(name)?.Trim() is { Length: > 0 } text ? text : null;

    /// <summary>A TCP port; 0 lets the OS choose.</summary>
    public int? Port(string name)
    {
        if (Text(name) is not { } text) return null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535) return port;
        Fail(name, $"{Quote(text)} is not a port number (0-65535, 0 = auto-assigned)");
        return null;
    }

    public int? PositiveNumber(string name)
    {
        if (Text(name) is not { } text) return null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0) return number;
        Fail(name, $"{Quote(text)} is not a positive whole number");
        return null;
    }

    public TimeSpan? Duration(string name)
    {
        if (Text(name) is not { } text) return null;
        if (DurationText.TryParse(text, out var duration) && duration > TimeSpan.Zero) return duration;
        Fail(name, $"{Quote(text)} is not a positive duration (e.g. 500ms, 10s, 30m, 2h or 00:30:00)");
        return null;
    }

    /// <summary>An absolute http or https URL.</summary>
    public Uri? HttpUrl(string name)
    {
        if (Text(name) is not { } text) return null;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && string.IsNullOrEmpty(uri.UserInfo))
            return uri;
        Fail(name, string.IsNullOrEmpty(uri?.UserInfo)
            ? $"{Quote(UrlRedactor.Redact(text))} is not an absolute http(s) URL (e.g. https://host/path)"
            : "must not carry a user name or password in the URL");
        return null;
    }

    /// <summary>One of a fixed set of words, compared case-insensitively; the error lists the canonical ones.</summary>
    public TChoice? Choice<TChoice>(string name, IReadOnlyDictionary<string, TChoice> accepted, IEnumerable<string> canonical)
        where TChoice : struct, Enum
    {
        if (Text(name) is not { } text) return null;
        foreach (var (word, choice) in accepted)
            if (string.Equals(word, text, StringComparison.OrdinalIgnoreCase)) return choice;
        Fail(name, $"{Quote(text)} is not one of {string.Join(", ", canonical)}");
        return null;
    }

    /// <summary>Comma-separated entries, trimmed, blanks dropped.</summary>
    public IReadOnlyList<string> List(string name) =>
        Text(name)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    /// <summary>A value as an error line may show it: quoted, without control characters, shortened.</summary>
    public static string Quote(string value)
    {
        var printable = new string(value.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return printable.Length <= MaxQuotedLength ? $"'{printable}'" : $"'{printable[..MaxQuotedLength]}…'";
    }
}
