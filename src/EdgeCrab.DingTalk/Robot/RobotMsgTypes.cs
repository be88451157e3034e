namespace EdgeCrab.DingTalk.Robot;

/// <summary>The <c>msgtype</c> values of robot messages.</summary>
public static class RobotMsgTypes
{
    public const string Text = "text";
    public const string RichText = "richText";
    public const string Picture = "picture";
    public const string Audio = "audio";
    public const string Video = "video";
    public const string File = "file";
    public const string Unknown = "unknownMsgType";
}
