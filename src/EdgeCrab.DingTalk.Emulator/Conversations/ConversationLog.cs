using EdgeCrab.DingTalk.Robot;

namespace EdgeCrab.DingTalk.Emulator.Conversations;

/// <summary>Everything said in every conversation, in order, plus which conversations exist and whose DM is which.</summary>
internal sealed class ConversationLog(TimeProvider clock)
{
    private sealed record Conversation(string Id, ConversationType Type, List<ConversationMessage> Messages)
    {
        public int RobotMessages { get; set; }

        public DateTime? LastRobotAt { get; set; }
    }

    private readonly object _gate = new();
    private readonly Dictionary<string, Conversation> _conversations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _directByStaffId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Conversation Conversation, int Index)> _cards = new(StringComparer.Ordinal);
    private readonly HashSet<(string ConversationId, string MsgUuid)> _msgUuids = [];

    /// <summary>Records what a person wrote, creating the conversation on first use.</summary>
    /// <param name="fileSize">The size of the picture or file sent with it, when its bytes were given.</param>
    public void AddUserMessage(string conversationId, ConversationType type, string senderStaffId, string text, string msgtype, int? fileSize = null)
    {
        lock (_gate)
        {
            var conversation = GetOrAdd(conversationId, type);
            if (type == ConversationType.Direct) _directByStaffId[senderStaffId] = conversationId;
            conversation.Messages.Add(new ConversationMessage(ConversationMessage.User, text, msgtype, null, Now()) { FileSize = fileSize });
        }
    }

    /// <summary>
    /// Records a robot reply; false when the conversation is unknown. A message carrying a <c>msgUuid</c> already seen
    /// in that conversation is taken as a resend and not shown twice: DingTalk documents <c>msgUuid</c> as the
    /// idempotency key of robot webhook messages (for session webhooks this is UNCONFIRMED).
    /// </summary>
    public bool AddRobotMessage(string conversationId, string text, string msgtype, string via, string? msgUuid = null)
    {
        lock (_gate)
        {
            if (!_conversations.TryGetValue(conversationId, out var conversation)) return false;
            if (msgUuid is not null && !_msgUuids.Add((conversationId, msgUuid))) return true;
            conversation.Messages.Add(new ConversationMessage(ConversationMessage.Robot, text, msgtype, via, Now()));
            conversation.RobotMessages++;
            conversation.LastRobotAt = conversation.Messages[^1].At;
            return true;
        }
    }

    /// <summary>Shows a card in its conversation once; later calls update that one entry.</summary>
    public void ShowCard(string conversationId, string outTrackId, string text, bool finalized, bool failed)
    {
        lock (_gate)
        {
            if (_cards.TryGetValue(outTrackId, out var placed))
            {
                var old = placed.Conversation.Messages[placed.Index];
                placed.Conversation.Messages[placed.Index] = old with { Text = text, Finalized = finalized, Failed = failed };
                return;
            }
            if (!_conversations.TryGetValue(conversationId, out var conversation)) return;
            conversation.Messages.Add(new ConversationMessage(ConversationMessage.Robot, text, "interactiveCard", ConversationMessage.ViaCard, Now(), finalized)
            {
                Failed = failed,
                OutTrackId = outTrackId,
            });
            conversation.RobotMessages++;
            conversation.LastRobotAt = conversation.Messages[^1].At;
            _cards[outTrackId] = (conversation, conversation.Messages.Count - 1);
        }
    }

    public IReadOnlyList<ConversationMessage> Messages(string conversationId)
    {
        lock (_gate)
            return _conversations.TryGetValue(conversationId, out var c) ? c.Messages.ToArray() : [];
    }

    /// <summary>
    /// How many robot messages the given conversations hold together, and when the last came: read under one lock
    /// from running counts, because a load run polls it many times a second over thousands of conversations.
    /// </summary>
    public (int Count, DateTime? LastAt) RobotActivity(IEnumerable<string> conversationIds)
    {
        lock (_gate)
        {
            var (count, lastAt) = (0, (DateTime?)null);
            foreach (var id in conversationIds)
            {
                if (!_conversations.TryGetValue(id, out var c) || c.RobotMessages == 0) continue;
                count += c.RobotMessages;
                if (lastAt is null || c.LastRobotAt > lastAt) lastAt = c.LastRobotAt;
            }
            return (count, lastAt);
        }
    }

    public bool IsGroup(string conversationId)
    {
        lock (_gate)
            return _conversations.TryGetValue(conversationId, out var c) && c.Type == ConversationType.Group;
    }

    /// <summary>The one-to-one conversation a user has had with the robot, if any.</summary>
    public string? DirectConversationOf(string staffId)
    {
        lock (_gate)
            return _directByStaffId.GetValueOrDefault(staffId);
    }

    private Conversation GetOrAdd(string id, ConversationType type)
    {
        if (!_conversations.TryGetValue(id, out var conversation))
            _conversations[id] = conversation = new Conversation(id, type, []);
        return conversation;
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
