namespace EdgeCrab.Host.Logging;

/// <summary>
/// Stands in for a logged exception once its text is masked: sinks print <see cref="ToString"/>, which is the original's
/// full text (type, message, inner exceptions, stack) with every secret replaced.
/// </summary>
public sealed class RedactedException(string message, string redactedText, string originalType) : Exception(message)
{
    /// <summary>The full name of the exception this one replaces.</summary>
    public string OriginalType { get; } = originalType;

    public override string? StackTrace => null;

    public override string ToString() => redactedText;
}
