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
        log.AddUserMessage(request.ConversationId, request.ConversationType, request.SenderStaffId, request.Text, request.MsgType, request.FileBytes?.Length);
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

    /// <summary>
    /// Pushes <paramref name="data"/> as a robot callback's data string, unchecked and unrecorded in any conversation
    /// (tests of hostile input). It is tracked under the msgId <c>raw-</c> + its frame's messageId.
    /// </summary>
    public async Task<PendingCallback> WriteRawAsync(string data)
    {
        var messageId = frames.NewMessageId();
        var callback = new PendingCallback("raw-" + messageId, StreamTopics.RobotMessage, data, messageId, false, false) { OverHttp = http.Enabled };
        if (http.Enabled) http.Push(callback);
        else await hub.PushAsync(callback).ConfigureAwait(false);
        return callback;
    }
}
