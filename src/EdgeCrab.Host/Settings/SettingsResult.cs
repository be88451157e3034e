using System.Diagnostics.CodeAnalysis;

namespace EdgeCrab.Host.Settings;

/// <summary>What loading the settings gave: the settings, or one line per bad or missing value.</summary>
public sealed record SettingsResult
{
    private SettingsResult(GatewaySettings? settings, IReadOnlyList<string> errors)
    {
        Settings = settings;
        Errors = errors;
    }

    public GatewaySettings? Settings { get; }

    /// <summary>Each one line naming the variable and what is wrong; never a secret's value.</summary>
    public IReadOnlyList<string> Errors { get; }

    [MemberNotNullWhen(true, nameof(Settings))]
    public bool IsValid => Settings is not null;

    public static SettingsResult Valid(GatewaySettings settings) => new(settings, []);

    public static SettingsResult Invalid(IReadOnlyList<string> errors) => new(null, errors);
}
