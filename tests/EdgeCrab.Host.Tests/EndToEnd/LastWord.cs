namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary>
/// Proves that no late answer is still on its way, without waiting a fixed time. Once every callback is acked the
/// emulator sends none of them again; a last message then written to each conversation is answered by its session
/// after anything an earlier callback could still cause. So once those last answers are in, every count is final.
/// </summary>
internal static class LastWord
{
    public const string Text = "one last word";

    /// <summary>Waits for every callback's ack, then writes <see cref="Text"/> in each conversation and waits for its answer.</summary>
    public static async Task SayAfterEveryAckAsync(this EmulatorControl control, IEnumerable<string> msgIds,
        IEnumerable<(string Conversation, string StaffId)> conversations, TimeSpan? within = null)
    {
        foreach (var msgId in msgIds)
            await Eventually.Get(() => control.CallbackAsync(msgId), c => c.Acked, $"the ack of {msgId}", within);
        foreach (var (conversation, staffId) in conversations)
        {
            await control.DmAsync(conversation, staffId, Text);
            await Eventually.Get(() => control.RobotRepliesAsync(conversation), r => r.Any(m => m.Text.EndsWith(Text, StringComparison.Ordinal)),
                $"the answer to the last word in {conversation}", within);
        }
    }
}
