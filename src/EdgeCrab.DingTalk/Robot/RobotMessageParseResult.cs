namespace EdgeCrab.DingTalk.Robot;

/// <summary>The outcome of reading a robot callback's data: a message, or why it is not one.</summary>
public abstract record RobotMessageParseResult
{
    private RobotMessageParseResult() { }

    public sealed record Parsed(RobotMessage Message) : RobotMessageParseResult;

    public sealed record Malformed(string Reason) : RobotMessageParseResult;
}
