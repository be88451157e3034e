namespace EdgeCrab.DingTalk.Cards;

/// <summary>
/// A person pressed a button on a card (a CALLBACK frame on <c>/v1.0/card/instances/callback</c>): which card, who,
/// and the button's action id (<c>stop</c> for ours).
/// </summary>
public sealed record CardCallback(string OutTrackId, string UserId, string? ActionId);
