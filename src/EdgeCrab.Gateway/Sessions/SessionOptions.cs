using EdgeCrab.DingTalk.Replies;
using EdgeCrab.Gateway.Cards;

namespace EdgeCrab.Gateway.Sessions;

/// <summary>The settings a session decides with.</summary>
public sealed record SessionOptions(BusyMode BusyMode, ReplyChunker Chunker)
{
    /// <summary>Messages that may wait for the agent in one conversation; past it a message is acked but not taken, and the user told.</summary>
    public const int DefaultMaxWaiting = 100;

    /// <summary>
    /// How long a reply may keep failing to reach DingTalk (rate limits, 5xx, an unreachable network), counted from
    /// when it was queued, before the part not yet delivered is given up and the user told. Hours, not a count of
    /// attempts: a DingTalk outage of an hour should delay an answer, not cut it.
    /// </summary>
    public static readonly TimeSpan DefaultDeliveryAllowance = TimeSpan.FromHours(6);

    public static SessionOptions Default { get; } = new(BusyMode.Queue, ReplyChunker.ForDingTalk);

    /// <inheritdoc cref="DefaultMaxWaiting"/>
    public int MaxWaiting { get; init; } = DefaultMaxWaiting;

    /// <inheritdoc cref="DefaultDeliveryAllowance"/>
    public TimeSpan DeliveryAllowance { get; init; } = DefaultDeliveryAllowance;

    /// <summary>Answers stream into AI cards (a card template is configured); null answers in markdown messages.</summary>
    public CardOptions? Cards { get; init; }

    /// <summary>Staff ids that may stop anyone's answer with a card's stop button (the asker always may).</summary>
    public IReadOnlySet<string> Admins { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}
