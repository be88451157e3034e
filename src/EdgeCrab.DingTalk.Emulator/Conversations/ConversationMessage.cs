namespace EdgeCrab.DingTalk.Emulator.Conversations;

/// <summary>One entry of a conversation as the control API shows it; <see cref="Finalized"/> is set for cards only.</summary>
public sealed record ConversationMessage(string From, string Text, string Msgtype, string? Via, DateTime At, bool? Finalized = null)
{
    public const string User = "user";
    public const string Robot = "robot";
    public const string ViaSessionWebhook = "sessionWebhook";
    public const string ViaRobotApi = "robotApi";
    public const string ViaCard = "card";

    /// <summary>For cards: the last streaming update carried <c>isError</c>.</summary>
    public bool? Failed { get; init; }

    /// <summary>For a person's picture or file sent with its own bytes (<c>fileBase64</c>): how many bytes it held.</summary>
    public int? FileSize { get; init; }

    /// <summary>For cards: the id the robot gave it, which <c>POST /_emulator/cards/{outTrackId}/actions</c> clicks on.</summary>
    public string? OutTrackId { get; init; }
}
