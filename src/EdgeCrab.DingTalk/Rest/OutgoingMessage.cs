namespace EdgeCrab.DingTalk.Rest;

/// <summary>A message the robot sends: plain text or markdown, optionally @mentioning users.</summary>
public abstract record OutgoingMessage
{
    private protected OutgoingMessage() { }

    public IReadOnlyList<string> AtUserIds { get; init; } = [];

    /// <summary>
    /// Sent as <c>msgUuid</c>, which DingTalk documents as an idempotency key for robot webhook messages: a resend
    /// after a crash carries the same key. Whether session webhooks honour it is unconfirmed.
    /// </summary>
    public string? IdempotencyKey { get; init; }

    public abstract string Text { get; }
}

/// <summary>A plain text message (<c>msgtype text</c> / <c>sampleText</c>).</summary>
public sealed record OutgoingText(string Content) : OutgoingMessage
{
    public override string Text => Content;
}

/// <summary>A markdown message (<c>msgtype markdown</c> / <c>sampleMarkdown</c>); <see cref="Title"/> is the chat list preview.</summary>
public sealed record OutgoingMarkdown(string Title, string Markdown) : OutgoingMessage
{
    public override string Text => Markdown;
}
