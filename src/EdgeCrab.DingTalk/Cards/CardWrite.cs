namespace EdgeCrab.DingTalk.Cards;

/// <summary>
/// One streaming write into a card's variable (<c>PUT /v1.0/card/streaming</c>): the whole text
/// (<see cref="IsFull"/>) or text appended to it, and whether it closes the card's streaming state, as failed or not.
/// </summary>
/// <param name="Guid">DingTalk's idempotency key for the write: the same write sent again must carry the same one.</param>
public sealed record CardWrite(string OutTrackId, string Key, string Content, bool IsFull, bool IsFinalize, bool IsError, string Guid);
