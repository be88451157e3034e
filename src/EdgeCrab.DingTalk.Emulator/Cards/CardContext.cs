using EdgeCrab.DingTalk.Emulator.Control;
using EdgeCrab.DingTalk.Emulator.Conversations;
using EdgeCrab.DingTalk.Emulator.Http;
using EdgeCrab.DingTalk.Emulator.Rest;

namespace EdgeCrab.DingTalk.Emulator.Cards;

/// <summary>What every card call needs, gathered so the handlers stay small.</summary>
internal sealed class CardContext(BusinessGate gate, CardStore cards, ConversationLog log, FaultSwitches faults)
{
    public CardStore Cards => cards;
    public ConversationLog Log => log;
    public FaultSwitches Faults => faults;

    public async Task<IResult> Handle(HttpRequest request, Func<RequestObject, CardContext, IResult> handler)
    {
        var (body, refusal) = await gate.OpenAsync(request);
        return body is null ? refusal! : handler(body, this);
    }
}
