namespace EdgeCrab.DingTalk.Replies;

/// <summary>
/// One piece of a long reply. <see cref="Text"/> is what is sent; it is the input's
/// [<see cref="SourceStart"/>, +<see cref="SourceLength"/>) slice, with a code fence reopened before it and/or
/// closed after it when the slice starts or ends inside one.
/// </summary>
public sealed record ReplyChunk(string Text, int SourceStart, int SourceLength);
