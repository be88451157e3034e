namespace EdgeCrab.DingTalk.Emulator.Stream;

/// <summary>A robot callback on its way to the app: what to push, how often it was pushed, and whether it was acked.</summary>
internal sealed class PendingCallback(string msgId, string topic, string data, string messageId, bool duplicate, bool malformedFirst)
{
    public string MsgId { get; } = msgId;
    public string Topic { get; } = topic;
    public string Data { get; } = data;

    /// <summary>The <c>headers.messageId</c> of the latest push (redeliveries may get a fresh one).</summary>
    public string MessageId { get; set; } = messageId;

    /// <summary>The <c>duplicateNext</c> fault: the first push goes out twice.</summary>
    public bool Duplicate { get; set; } = duplicate;

    /// <summary>The <c>malformedFrameNext</c> fault: a malformed frame precedes the first push.</summary>
    public bool MalformedFirst { get; set; } = malformedFirst;

    /// <summary>Delivered by HTTP POST (DingTalk's HTTP mode) rather than over a stream connection.</summary>
    public bool OverHttp { get; init; }

    public int Deliveries { get; set; }
    public bool Acked { get; set; }

    /// <summary>Refused by the client with a 4xx ack: pushing it again cannot help.</summary>
    public bool Refused { get; set; }

    /// <summary>Pushed while no client was connected, with holding switched off: never delivered.</summary>
    public bool Dropped { get; set; }

    /// <summary>Claimed by one sender, so two pumps never push it at once.</summary>
    public bool Sending { get; set; }

    public DateTimeOffset? FirstSentAt { get; set; }
    public DateTimeOffset? LastSentAt { get; set; }
    public DateTimeOffset? AckedAt { get; set; }

    /// <summary>Who counts this callback's ack (a load run), set through <see cref="CallbackLedger.Observe"/>.</summary>
    public IAckObserver? AckObserver { get; set; }
}
