using EdgeCrab.DingTalk.Emulator.Conversations;
using EdgeCrab.DingTalk.Emulator.Stream;
using EdgeCrab.DingTalk.Robot;
using EdgeCrab.DingTalk.Stream;

namespace EdgeCrab.DingTalk.Emulator.Control;

/// <summary>Where a person's message enters: recorded in its conversation, turned into a callback, and pushed.</summary>
internal sealed class InboundDesk(RobotMessageFactory factory, ConversationLog log, StreamHub hub, HttpCallbackSender http, PushFrames frames, FaultSwitches faults)
{
    public async Task<PendingCallback> WriteAsync(InboundRequest request)
    {
        var message = factory.Build(request);
        log.AddUserMessage(request.ConversationId, request.ConversationType, request.SenderStaffId, request.Text, request.MsgType);
        if (http.Enabled)
        {
            var posted = new PendingCallback(message.MsgId, StreamTopics.RobotMessage, RobotMessageCodec.Write(message), frames.NewMessageId(), false, false)
            {
                OverHttp = true,
            };
            http.Push(posted);
            return posted;
        }
        var callback = new PendingCallback(message.MsgId, StreamTopics.RobotMessage, RobotMessageCodec.Write(message),
            frames.NewMessageId(), faults.TakeDuplicate(), faults.TakeMalformedFrame());
        await hub.PushAsync(callback).ConfigureAwait(false);
        return callback;
    }
}
