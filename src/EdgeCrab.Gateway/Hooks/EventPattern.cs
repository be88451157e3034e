using System.Text.RegularExpressions;

namespace EdgeCrab.Gateway.Hooks;

/// <summary>
/// One entry of a hook's <c>events</c>, as EdgeCrab reads it: an exact event name (<c>command:status</c>), every event
/// under a prefix (<c>command:*</c>), or every event (<c>*</c>).
/// </summary>
public sealed partial record EventPattern
{
    private EventPattern(string text, string? prefix)
    {
        Text = text;
        _prefix = prefix;
    }

    private readonly string? _prefix;

    /// <summary>The pattern as the manifest wrote it.</summary>
    public string Text { get; }

    /// <summary>The pattern, or null when <paramref name="text"/> is none of the three forms (a <c>*</c> anywhere else, spaces, an empty part).</summary>
    public static EventPattern? Parse(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed == "*") return new EventPattern(trimmed, "");
        if (Prefixed().Match(trimmed) is { Success: true } prefixed) return new EventPattern(trimmed, prefixed.Groups["prefix"].Value + ":");
        return Exact().IsMatch(trimmed) ? new EventPattern(trimmed, null) : null;
    }

    public bool Matches(string eventName) =>
        _prefix is null ? string.Equals(Text, eventName, StringComparison.Ordinal) : eventName.StartsWith(_prefix, StringComparison.Ordinal);

    public override string ToString() => Text;

    // Event names are lower-case words joined by ':' (gateway:startup, command:status); '_' and '-' appear in command names.
    [GeneratedRegex(@"^[a-z0-9_-]+(:[a-z0-9_-]+)*$")]
    private static partial Regex Exact();

    [GeneratedRegex(@"^(?<prefix>[a-z0-9_-]+(:[a-z0-9_-]+)*):\*$")]
    private static partial Regex Prefixed();
}
