using EdgeCrab.Gateway.Connection;
using EdgeCrab.Gateway.Sessions;
using EdgeCrab.Gateway.Sessions.Events;
using static EdgeCrab.Gateway.Sessions.ConversationSessionProtocol;

namespace EdgeCrab.Gateway.Tests.Serialization;

/// <summary>
/// One representative of every type the serializer has a manifest for, keyed by manifest: fixed values (no counters,
/// no clock) and every optional field set where the type is written with it, so each stored name is in its golden JSON.
/// </summary>
internal static class GoldenSamples
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 8, 30, 0, TimeSpan.FromHours(8));
    private const string Conversation = "cidGolden+/=";
    private const string Incarnation = "msgGolden0@2026-11-24T00:00:00.0000000Z";

    private static readonly ReplyTarget Target = new(Conversation, ChatKind.Group, "user001",
        "https://oapi.dingtalk.com/robot/sendBySession?session=golden", At.AddMinutes(90));

    private static readonly InboundMessage Prompt = new("msgGolden1", Conversation, ChatKind.Group, "user001", "Nick 你好 😀",
        "hello 你好 😀", Target, At);

    private static readonly InboundMessage Refused = Prompt with { MsgId = "msgGolden2", Text = "(picture)", Refusal = "text only" };

    private static readonly PendingChunk Chunk = new(3, 1, 2, "part two", "Title", Target, ReplyKind.Resend, At, Incarnation);

    private const string CardId = "ec1_636964476f6c64656e2b2f3d_2_1a2b3c4d";

    private static readonly PendingChunk CardChunk = new(5, 0, 2, "the card's text", "Title", Target with { CardId = CardId }, ReplyKind.CardFinal, At, Incarnation) { CardShown = 9 };

    private static readonly ConversationState State = new()
    {
        ConversationId = Conversation,
        Incarnation = Incarnation,
        Accepted = DedupWindow.Empty.Add("msgGolden0", At.AddMinutes(-1)).Add(Prompt.MsgId, At),
        History = [new HistoryEntry(HistoryRole.User, "earlier", "msgGolden0"), new HistoryEntry(HistoryRole.Assistant, "echo: earlier", null)],
        Queue = [Prompt with { MsgId = "msgGolden3", Text = "waiting" }],
        Held = [Prompt with { MsgId = "msgGolden4", Text = "/status" }],
        Current = new RunningTurn(2, Prompt, At) { Card = CardId },
        CardsPausedUntil = At.AddMinutes(10),
        LastPrompt = Prompt,
        Outbox = [Chunk with { Index = 0, Text = "part one", Kind = ReplyKind.Reply }],
        Undelivered = [Chunk],
        QueueFullNoticed = true,
        PicturesUnseenTold = true,
        NextTurnNumber = 3,
        NextReplyNumber = 4,
        Total = new UsageCounters(2, 3, 120, 80),
        SinceNew = new UsageCounters(1, 2, 60, 40),
        LastNewAt = At.AddMinutes(-5),
    };

    public static readonly IReadOnlyDictionary<string, object> ByManifest = new Dictionary<string, object>
    {
        ["MessageReceived"] = new MessageReceived(Refused, MessageRole.Refused, At),
        ["TurnStarted"] = new TurnStarted(2, Prompt, true, At),
        ["AnswerCompleted"] = new AnswerCompleted(2, "answer", 120, 80, At) { PicturesUnseen = true },
        ["TurnStopped"] = new TurnStopped(2, "/stop", At),
        ["TurnFailed"] = new TurnFailed(2, "the model provider could not be reached.", At),
        ["TurnInterrupted"] = new TurnInterrupted(2, At),
        ["QueueCleared"] = new QueueCleared(4, At),
        ["HistoryCleared"] = new HistoryCleared(At),
        ["Decided"] = new Decided([
            new AnswerCompleted(1, "echo: earlier", 10, 5, At),
            new ReplyQueued(2, "msgGolden0", ["echo: earlier"], "Echo", Target, At, Incarnation: Incarnation),
            new TurnStarted(2, Prompt, false, At)]),
        ["ReplyQueued"] = new ReplyQueued(3, Prompt.MsgId, ["part one", "part two"], "Title", Target with { CardId = CardId }, At, ReplyKind.CardFinal, Incarnation) { CardShown = 4 },
        ["ReplyChunkDelivered"] = new ReplyChunkDelivered(3, 0, "sessionWebhook", At),
        ["ReplyChunkAbandoned"] = new ReplyChunkAbandoned(3, 1, "refused", At),
        ["ReplyPartUndelivered"] = new ReplyPartUndelivered(3, 1, "refused", At),
        ["CommandVetted"] = new CommandVetted("msgGolden4", "not during the audit", At),
        ["SessionSnapshot"] = SessionSnapshot.From(State),
        ["SessionBecameBusy"] = new SessionBecameBusy(Conversation),
        ["SessionBecameIdle"] = new SessionBecameIdle(Conversation),
        ["PendingWorkChanged"] = new PendingWorkChanged([Conversation, "cidOther"], ["cidDone"]),
        ["PendingWorkSnapshot"] = new PendingWorkSnapshot([Conversation, "cidOther"]),
        ["Wake"] = new PendingWorkProtocol.Wake(Conversation),
        ["NothingPending"] = new PendingWorkProtocol.NothingPending(Conversation),
        ["MarkBusy"] = new PendingWorkProtocol.MarkBusy(Conversation),
        ["BusyRecorded"] = new PendingWorkProtocol.BusyRecorded(Conversation),
        ["MarkIdle"] = new PendingWorkProtocol.MarkIdle(Conversation),
        ["StopSession"] = StopSession.Instance,
        ["Deliver"] = new Deliver(Prompt) { TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" },
        ["Accepted"] = new Accepted(Prompt.MsgId),
        ["InboundMessage"] = Prompt with { MsgId = "msgGolden5", Text = "look [picture]", Attachments = [new Attachment(AttachmentKind.Picture, "dlGolden1"), new Attachment(AttachmentKind.File, "dlGolden2", "README")] },
        ["ReplyTarget"] = Target with { CardId = CardId },
        ["HistoryEntry"] = new HistoryEntry(HistoryRole.User, "hello", Prompt.MsgId) { Speaker = "Nick 你好 😀" },
        ["RunningTurn"] = new RunningTurn(2, Prompt, At) { Card = CardId },
        ["PendingChunk"] = CardChunk,
        ["CardOpened"] = new CardOpened(2, CardId, At),
        ["CardRefused"] = new CardRefused(2, "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi", At.AddMinutes(10), At),
        ["PressCardButton"] = new PressCardButton(Conversation, CardId, "user001", "stop"),
        ["ButtonTaken"] = new ButtonTaken(CardId),
        ["ConnectionStatus"] = DingTalkConnectionProtocol.ConnectionStatus.Instance,
        ["ConnectionStatusReply"] = new DingTalkConnectionProtocol.ConnectionStatusReply(3) { Up = true },
    };
}
