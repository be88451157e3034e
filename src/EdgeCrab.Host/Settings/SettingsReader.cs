using System.Globalization;
using System.Text.Json;
using DotNetEnv.Configuration;
using EdgeCrab.DingTalk.Security;
using Microsoft.Extensions.Configuration;

namespace EdgeCrab.Host.Settings;

/// <summary>
/// Typed reads of the layered configuration. A bad value adds one line (<c>NAME: 'value' is not …</c>) and reads as its
/// default, so one pass reports every problem. Secrets are read with <see cref="Text"/>, which cannot fail, or as <c>secret</c>: never quoted.
/// </summary>
internal sealed class SettingsReader(IConfigurationRoot configuration, string dotEnvPath)
{
    public delegate bool Parser<T>(string text, out T value);

    private static readonly SecretRedactor UrlRedactor = new();
    private readonly List<string> _errors = [];

    public IReadOnlyList<string> Errors => _errors;

    /// <summary>Adds an error line if <paramref name="when"/>, ending with the .env file's path when the value came from there: the file people forget.</summary>
    public void Fail(string name, string problem, bool when = true)
    {
        if (when) _errors.Add($"{name}: {problem}{(configuration.Providers.LastOrDefault(p => p.TryGet(name, out _)) is EnvConfigurationProvider ? $" (from {dotEnvPath})" : "")}");
    }

    /// <summary>Fails <paramref name="name"/> when it is missing but <paramref name="other"/>, which needs it, is given.</summary>
    public void Requires(string name, string other, string why) => Fail(name, $"not set, but {other} is; {why}", Text(name) is null && Text(other) is not null);

    /// <summary>Fails <paramref name="name"/> when it is given but <paramref name="other"/>, without which it means nothing, is not.</summary>
    public void Needs(string name, string other, string why) => Fail(name, $"set, but {other} is not; {why}", Text(name) is not null && Text(other) is null);

    /// <summary>The trimmed value, or null when unset or blank; a blank value still hides the layers below it.</summary>
    public string? Text(string name) => configuration[name]?.Trim() is { Length: > 0 } text ? text : null;

    public string[] List(string name) => Text(name)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    /// <summary>The parsed value (of <paramref name="text"/>, else the setting's); <paramref name="fallback"/> when unset, or when bad, adding a line.</summary>
    public T Read<T>(string name, T fallback, string expected, Parser<T> parse, string? text = null, bool secret = false)
    {
        if ((text ?? Text(name)) is not { } given) return fallback;
        if (parse(given, out var value)) return value;
        Fail(name, $"{(secret ? "" : Quote(given) + " ")}is not {expected}");
        return fallback;
    }

    public int? Port(string name, int? fallback) =>
        Read(name, fallback, "a port number (0-65535, 0 = auto-assigned)", (string text, out int? port) => (port = Number(text)) is >= 0 and <= 65535);

    public int Count(string name, int fallback) => Read(name, fallback, "a positive whole number", (string text, out int count) => (count = Number(text) ?? 0) > 0);

    public TimeSpan Duration(string name, TimeSpan fallback) => Read(name, fallback, "a positive duration (e.g. 500ms, 10s, 30m, 2h or 00:30:00)",
        (string text, out TimeSpan duration) => DurationText.TryParse(text, out duration) && duration > TimeSpan.Zero);

    /// <summary>An absolute http or https URL, without credentials in it.</summary>
    public Uri? HttpUrl(string name, Uri? fallback)
    {
        if (Text(name) is not { } text) return fallback;
        Uri.TryCreate(text, UriKind.Absolute, out var uri);
        if (uri is { UserInfo.Length: 0, Scheme: "http" or "https" }) return uri;
        Fail(name, uri is { UserInfo.Length: > 0 } ? "must not carry a user name or password in the URL"
            : $"{Quote(UrlRedactor.Redact(text))} is not an absolute http(s) URL (e.g. https://host/path)");
        return fallback;
    }

    /// <summary>A member of the enum by its name, ignoring case, '-' and '_' (every-node, EVERY_NODE), or by one of <paramref name="aliases"/>.</summary>
    public TEnum Choice<TEnum>(string name, TEnum fallback, params (string Word, TEnum Value)[] aliases) where TEnum : struct, Enum =>
        Read(name, fallback, $"one of {ChoicesOf<TEnum>()}", (string text, out TEnum value) =>
        {
            var found = Enum.GetValues<TEnum>().Select(member => (Word: member.ToString(), Value: member)).Concat(aliases)
                .FirstOrDefault(choice => string.Equals(choice.Word, text.Replace("-", "").Replace("_", ""), StringComparison.OrdinalIgnoreCase));
            value = found.Value;
            return found.Word is not null;
        });

    /// <summary>The enum's members as a setting spells them: <c>every-node, singleton</c>.</summary>
    public static string ChoicesOf<TEnum>() where TEnum : struct, Enum => string.Join(", ", Enum.GetNames<TEnum>().Select(JsonNamingPolicy.KebabCaseLower.ConvertName));

    /// <summary>A value as an error line may show it: quoted, without control characters, shortened.</summary>
    public static string Quote(string value)
    {
        var printable = new string(value.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return printable.Length <= 60 ? $"'{printable}'" : $"'{printable[..60]}…'";
    }

    private static int? Number(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
}
