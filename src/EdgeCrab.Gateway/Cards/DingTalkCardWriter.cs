using EdgeCrab.DingTalk.Cards;
using EdgeCrab.DingTalk.Rest;
using EdgeCrab.Gateway.Outbox;
using EdgeCrab.Gateway.Sessions;
using EdgeCrab.Gateway.Telemetry;

namespace EdgeCrab.Gateway.Cards;

/// <summary>Cards through DingTalk's card API, under the same per-app pace as every other send of the app.</summary>
public sealed class DingTalkCardWriter(DingTalkRestClient rest, string robotCode, string templateId, SendPace pace) : ICardWriter
{
    public async Task<DeliveryResult> OpenAsync(CardPlan card, CancellationToken ct)
    {
        var prompt = card.Prompt;
        var delivery = new CardDelivery(templateId, card.OutTrackId, robotCode,
            prompt.Kind == ChatKind.Group ? prompt.ConversationId : null, prompt.SenderId, prompt.SenderNick,
            // flowStatus 1: "processing", the AI card's state before any text (DingTalk's AICardStatus).
            new Dictionary<string, string> { [CardOptions.ContentKey] = "", ["flowStatus"] = "1" });
        await pace.WaitAsync(ct).ConfigureAwait(false);
        return await CallAsync("open", () => rest.CreateAndDeliverCardAsync(delivery, ct)).ConfigureAwait(false);
    }

    public async Task<DeliveryResult?> TryWriteAsync(string outTrackId, string text, CancellationToken ct)
    {
        if (!pace.TryTake()) return null;
        var write = new CardWrite(outTrackId, CardOptions.ContentKey, text, IsFull: true, IsFinalize: false, IsError: false, Guid.NewGuid().ToString("N"));
        return await CallAsync("live", () => rest.WriteCardAsync(write, ct)).ConfigureAwait(false);
    }

    private static async Task<DeliveryResult> CallAsync(string call, Func<Task> send)
    {
        GatewayTelemetry.CountDingTalkCall(DingTalkReplySender.ViaCard, call);
        try
        {
            await send().ConfigureAwait(false);
            return new DeliveryResult.Delivered(DingTalkReplySender.ViaCard);
        }
        catch (DingTalkApiException e)
        {
            return DeliveryResult.Failed(e);
        }
    }
}
