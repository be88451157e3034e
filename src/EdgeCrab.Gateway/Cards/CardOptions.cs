namespace EdgeCrab.Gateway.Cards;

/// <summary>How answers stream into AI cards.</summary>
/// <param name="UpdateInterval">The least time between two live writes into one card (default 1 s, never below 300 ms).</param>
/// <param name="PauseAfterRefusal">After DingTalk refuses a card, how long the conversation answers in markdown before trying cards again.</param>
public sealed record CardOptions(TimeSpan UpdateInterval, TimeSpan PauseAfterRefusal)
{
    public static readonly TimeSpan DefaultUpdateInterval = TimeSpan.FromSeconds(1);

    /// <summary>OpenClaw's draft loop runs at 300 ms; faster spends the app's QPS on text nobody reads that fast.</summary>
    public static readonly TimeSpan MinUpdateInterval = TimeSpan.FromMilliseconds(300);

    public static readonly TimeSpan DefaultPauseAfterRefusal = TimeSpan.FromMinutes(10);

    /// <summary>The template variable the answer streams into: what DingTalk's AI card templates and every peer use.</summary>
    public const string ContentKey = "content";

    public static CardOptions Default { get; } = new(DefaultUpdateInterval, DefaultPauseAfterRefusal);
}
