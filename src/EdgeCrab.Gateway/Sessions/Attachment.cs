namespace EdgeCrab.Gateway.Sessions;

/// <summary>What kind of file a person sent with a message.</summary>
public enum AttachmentKind
{
    Picture,
    File,
}

/// <summary>
/// A picture or file sent with a message: its download code (fetched when the turn runs, off the ack path) and, for
/// a file, its name. A picture's place in the text is its <c>[picture]</c> marker, in order.
/// </summary>
public sealed record Attachment(AttachmentKind Kind, string DownloadCode, string? FileName = null);
