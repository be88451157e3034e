using System.Security.Cryptography;
using System.Text;
using EdgeCrab.DingTalk.Cards;
using EdgeCrab.DingTalk.Rest;
using EdgeCrab.Gateway.Cards;
using EdgeCrab.Gateway.Sessions;
using EdgeCrab.Gateway.Sessions.Events;
using EdgeCrab.Gateway.Telemetry;

namespace EdgeCrab.Gateway.Outbox;

/// <summary>
/// Sends chunks through the session webhook while it is valid (with a safety margin), else as the robot: to the
/// sender in a DM, to the conversation in a group. A webhook DingTalk says has expired falls back to the robot API.
/// A chunk meant for a card (<see cref="PendingChunk.IsCardWrite"/>) is written into it instead, finalizing it.
/// </summary>
public sealed class DingTalkReplySender(DingTalkRestClient rest, string robotCode, SendPace pace, TimeProvider? clock = null) : IReplySender
{
    /// <summary>Stop using a webhook this long before DingTalk says it expires: a send must not race the expiry.</summary>
    public static readonly TimeSpan WebhookMargin = TimeSpan.FromMinutes(5);

    public const string ViaWebhook = "sessionWebhook";
    public const string ViaRobotApi = "robotApi";
    public const string ViaCard = "card";

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public async Task<DeliveryResult> SendAsync(PendingChunk chunk, CancellationToken ct)
    {
        if (chunk.IsCardWrite) return await WriteCardAsync(chunk, ct).ConfigureAwait(false);
        var message = new OutgoingMarkdown(chunk.Count > 1 ? $"{chunk.Title} ({chunk.Index + 1}/{chunk.Count})" : chunk.Title, chunk.Text)
        {
            IdempotencyKey = ChunkKey.For(chunk),
        };
        await pace.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (WebhookUsable(chunk.Target))
            {
                try
                {
                    GatewayTelemetry.CountDingTalkCall(ViaWebhook, "send");
                    await rest.SendBySessionWebhookAsync(chunk.Target.SessionWebhook!, message, ct).ConfigureAwait(false);
                    return new DeliveryResult.Delivered(ViaWebhook);
                }
                catch (DingTalkApiException e) when (e.Kind is DingTalkErrorKind.SessionExpired or DingTalkErrorKind.ForgedWebhook)
                {
                    // Fall through to the robot API: the message still has to reach the person.
                }
            }
            GatewayTelemetry.CountDingTalkCall(ViaRobotApi, "send");
            await SendAsRobotAsync(chunk.Target, message, ct).ConfigureAwait(false);
            return new DeliveryResult.Delivered(ViaRobotApi);
        }
        catch (DingTalkApiException e)
        {
            return DeliveryResult.Failed(e);
        }
    }

    /// <summary>
    /// The answer's first chunk replaces the card's text, finalized; a closing line is appended, finalized (as failed
    /// for an error). Its guid comes from the chunk's key, so a write sent again after a lost answer is the same write.
    /// </summary>
    private async Task<DeliveryResult> WriteCardAsync(PendingChunk chunk, CancellationToken ct)
    {
        var full = chunk.Kind == ReplyKind.CardFinal;
        var guid = new Guid(MD5.HashData(Encoding.UTF8.GetBytes(ChunkKey.For(chunk)))).ToString("N");
        var write = new CardWrite(chunk.Target.CardId!, CardOptions.ContentKey, chunk.Text, IsFull: full, IsFinalize: true,
            IsError: chunk.Kind == ReplyKind.CardFailed, guid);
        await pace.WaitAsync(ct).ConfigureAwait(false);
        GatewayTelemetry.CountDingTalkCall(ViaCard, full ? "final" : "close");
        try
        {
            await rest.WriteCardAsync(write, ct).ConfigureAwait(false);
            return new DeliveryResult.Delivered(ViaCard);
        }
        catch (DingTalkApiException e)
        {
            return DeliveryResult.Failed(e);
        }
    }

    // Whether the webhook is DingTalk's at all is the REST client's check (it refuses, uncalled, with ForgedWebhook).
    private bool WebhookUsable(ReplyTarget target) =>
        target.SessionWebhook is not null
        && (target.WebhookExpiresAt is not { } expires || _clock.GetUtcNow() < expires - WebhookMargin);

    private async Task SendAsRobotAsync(ReplyTarget target, OutgoingMessage message, CancellationToken ct)
    {
        if (target.Kind == ChatKind.Group)
        {
            await rest.SendToGroupAsync(robotCode, target.ConversationId, message, ct).ConfigureAwait(false);
            return;
        }
        if (string.IsNullOrEmpty(target.SenderStaffId))
            throw new DingTalkApiException(DingTalkErrorKind.Rejected, "robot batch send", "the sender has no staff id, and the session webhook can no longer be used");
        var result = await rest.SendToUsersAsync(robotCode, [target.SenderStaffId], message, ct).ConfigureAwait(false);
        if (result.FlowControlledStaffIds.Count > 0)
            throw new DingTalkApiException(DingTalkErrorKind.RateLimited, "robot batch send", "the recipient is flow-controlled");
        if (!result.AllDelivered)
            throw new DingTalkApiException(DingTalkErrorKind.Rejected, "robot batch send", "DingTalk refused the recipient (invalid or filtered staff id)");
    }
}
