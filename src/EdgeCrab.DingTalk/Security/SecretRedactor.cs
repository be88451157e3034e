using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace EdgeCrab.DingTalk.Security;

/// <summary>
/// Masks secrets in text bound for logs, replies and exception messages: every registered secret (AppSecret,
/// access tokens, tickets) and, whatever their value, the credential-bearing parts of DingTalk URLs and bodies.
/// </summary>
public sealed partial class SecretRedactor
{
    public const string Mask = "***";

    private readonly ConcurrentDictionary<string, byte> _secrets = new(StringComparer.Ordinal);

    /// <summary>Registers a secret to mask wherever it appears. Short strings are ignored: masking "a" would mangle every line.</summary>
    public void Register(string? secret)
    {
        if (secret is { Length: >= 6 }) _secrets.TryAdd(secret, 0);
    }

    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        var result = text;
        // Longest first: a secret that contains another is masked whole, not around the shorter one.
        foreach (var secret in _secrets.Keys.OrderByDescending(s => s.Length))
            if (result.Contains(secret, StringComparison.Ordinal))
                result = result.Replace(secret, Mask, StringComparison.Ordinal);
        return CredentialPattern().Replace(result, m =>
            m.Groups["name"].Value + m.Groups["sep"].Value + (m.Groups["value"].Value.StartsWith('"') ? "\"" + Mask + "\"" : Mask));
    }

    // Query parameters and JSON fields that carry credentials, whatever their value: a JSON string is masked to its
    // closing quote (spaces, commas and escaped quotes included), anything else up to the next separator.
    [GeneratedRegex("""(?<name>\b(?:access_token|accessToken|appsecret|appSecret|clientSecret|client_secret|ticket|session|sign|x-acs-dingtalk-access-token)\b"?)(?<sep>\s*[=:]\s*)(?<value>"(?:[^"\\]|\\.)*"?|[^&"\s,}]+)""", RegexOptions.CultureInvariant)]
    private static partial Regex CredentialPattern();
}
