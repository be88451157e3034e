using EdgeCrab.DingTalk.Rest;
using EdgeCrab.Gateway.Sessions;

namespace EdgeCrab.Gateway.Outbox;

/// <summary>
/// Sends chunks through the session webhook while it is valid (with a safety margin), else as the robot: to the
/// sender in a DM, to the conversation in a group. A webhook DingTalk says has expired falls back to the robot API.
/// </summary>
public sealed class DingTalkReplySender(DingTalkRestClient rest, string robotCode, SendPace pace, TimeProvider? clock = null) : IReplySender
{
    /// <summary>Stop using a webhook this long before DingTalk says it expires: a send must not race the expiry.</summary>
    public static readonly TimeSpan WebhookMargin = TimeSpan.FromMinutes(5);

    public const string ViaWebhook = "sessionWebhook";
    public const string ViaRobotApi = "robotApi";

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public async Task<DeliveryResult> SendAsync(PendingChunk chunk, CancellationToken ct)
    {
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
                    await rest.SendBySessionWebhookAsync(chunk.Target.SessionWebhook!, message, ct).ConfigureAwait(false);
                    return new DeliveryResult.Delivered(ViaWebhook);
                }
                catch (DingTalkApiException e) when (e.Kind is DingTalkErrorKind.SessionExpired or DingTalkErrorKind.ForgedWebhook)
                {
                    // Fall through to the robot API: the message still has to reach the person.
                }
            }
            await SendAsRobotAsync(chunk.Target, message, ct).ConfigureAwait(false);
            return new DeliveryResult.Delivered(ViaRobotApi);
        }
        catch (DingTalkApiException e) when (e.IsRetryable)
        {
            return new DeliveryResult.RetryLater(e.Message);
        }
        catch (DingTalkApiException e)
        {
            return new DeliveryResult.Undeliverable(e.Message);
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
