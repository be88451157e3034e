namespace EdgeCrab.DingTalk.Emulator.Cards;

/// <summary>A card as a button click sees it: where it was delivered, whether it is still live, how it calls back.</summary>
internal sealed record CardSnapshot(string OutTrackId, string? ConversationId, OpenSpace? Space, bool IsLive, string? CallbackType);
