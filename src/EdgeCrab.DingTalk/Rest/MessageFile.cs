namespace EdgeCrab.DingTalk.Rest;

/// <summary>The bytes of a file someone sent the robot (a picture, a document), with the type DingTalk served it as.</summary>
public sealed record MessageFile(byte[] Bytes, string? MediaType);
