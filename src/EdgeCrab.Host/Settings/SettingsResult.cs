using System.Diagnostics.CodeAnalysis;

namespace EdgeCrab.Host.Settings;

/// <summary>What loading the settings gave: the settings, or one line per bad or missing value (naming the variable, never showing a secret).</summary>
public sealed record SettingsResult(GatewaySettings? Settings, IReadOnlyList<string> Errors)
{
    [MemberNotNullWhen(true, nameof(Settings))]
    public bool IsValid => Settings is not null;
}
