namespace EdgeCrab.DingTalk.Robot;

/// <summary>
/// Cleans group text addressed to the robot. DingTalk already removes the robot's own @name but leaves the
/// whitespace around it; clients and the emulator may also leave a literal "@RobotName". Mentions of other
/// people are kept: they are part of what the user said.
/// </summary>
public static class MentionStripper
{
    public static string Strip(string text, string? robotName = null)
    {
        var result = text;
        if (!string.IsNullOrEmpty(robotName))
        {
            var mention = "@" + robotName;
            var at = result.IndexOf(mention, StringComparison.Ordinal);
            // Only a whole mention: "@robot" but not "@robotics".
            while (at >= 0)
            {
                var end = at + mention.Length;
                if (end == result.Length || char.IsWhiteSpace(result[end]) || char.IsPunctuation(result[end]))
                {
                    result = result.Remove(at, mention.Length);
                    at = result.IndexOf(mention, at, StringComparison.Ordinal);
                }
                else
                {
                    at = result.IndexOf(mention, end, StringComparison.Ordinal);
                }
            }
        }
        return result.Trim();
    }
}
