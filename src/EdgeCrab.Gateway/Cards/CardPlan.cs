using EdgeCrab.Gateway.Sessions;

namespace EdgeCrab.Gateway.Cards;

/// <summary>The card a turn's answer streams into: its id, and the message it answers (where it goes, whom it @mentions).</summary>
public sealed record CardPlan(string OutTrackId, InboundMessage Prompt);
