using System.Text.Json;

namespace EdgeCrab.Gateway.Hooks;

/// <summary>
/// What a handler's stdout says about a cancellable event. EdgeCrab's code reads <c>{"cancel": true, "reason": …}</c>,
/// its docs show <c>{"action": "cancel", "reason": …}</c>: both cancel. Anything else (no output, other JSON, not
/// JSON) lets the action go on.
/// </summary>
public abstract record HookAnswer
{
    private HookAnswer() { }

    public sealed record Continue : HookAnswer
    {
        public static readonly Continue Instance = new();
    }

    public sealed record Cancel(string Reason) : HookAnswer;

    /// <summary>Longest reason passed on to the user; a handler's stdout is not a place for essays.</summary>
    public const int MaxReasonChars = 500;

    public static HookAnswer Parse(string? stdout)
    {
        if (string.IsNullOrWhiteSpace(stdout)) return Continue.Instance;
        try
        {
            using var json = JsonDocument.Parse(stdout.Trim());
            if (json.RootElement.ValueKind != JsonValueKind.Object) return Continue.Instance;
            var root = json.RootElement;
            var cancels = (root.TryGetProperty("cancel", out var cancel) && cancel.ValueKind == JsonValueKind.True)
                || (root.TryGetProperty("action", out var action) && action.ValueKind == JsonValueKind.String
                    && string.Equals(action.GetString(), "cancel", StringComparison.OrdinalIgnoreCase));
            if (!cancels) return Continue.Instance;
            var reason = root.TryGetProperty("reason", out var given) && given.ValueKind == JsonValueKind.String ? given.GetString()!.Trim() : "";
            reason = new string(reason.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
            return new Cancel(reason.Length == 0 ? "no reason given" : reason.Length > MaxReasonChars ? reason[..MaxReasonChars] + "…" : reason);
        }
        catch (JsonException)
        {
            return Continue.Instance;
        }
    }
}
