using EdgeCrab.DingTalk.Replies;

namespace EdgeCrab.Gateway.Cards;

/// <summary>What a turn needs to stream its answer into a card: which card, the writer, how often, and where the card's text ends.</summary>
public sealed record TurnCard(CardPlan Plan, ICardWriter Writer, TimeSpan Interval, ReplyChunker Chunker);
