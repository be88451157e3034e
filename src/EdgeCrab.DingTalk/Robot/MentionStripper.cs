using System.Text;

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
        if (string.IsNullOrEmpty(robotName)) return text.Trim();

        var mention = "@" + robotName;
        var result = new StringBuilder(text.Length);
        var copied = 0;
        for (var at = text.IndexOf(mention, StringComparison.Ordinal); at >= 0; at = text.IndexOf(mention, at + 1, StringComparison.Ordinal))
        {
            if (at < copied || !IsWholeMention(text, at, at + mention.Length, copied)) continue;
            result.Append(text, copied, at - copied);
            copied = at + mention.Length;
            // The space DingTalk types after a mention goes with it: "hi @Robot there" reads "hi there".
            if (copied < text.Length && char.IsWhiteSpace(text[copied])) copied++;
        }
        result.Append(text, copied, text.Length - copied);
        return result.ToString().Trim();
    }

    // "@Robot", but neither "@Robotics", "@Robot.com" nor the "bob@Robot" of an address. What precedes a mention
    // counts only if it stays: "@Robot@Robot" is two mentions.
    private static bool IsWholeMention(string text, int at, int end, int keptFrom)
    {
        if (at > keptFrom && (char.IsAsciiLetterOrDigit(text[at - 1]) || text[at - 1] is '.' or '_' or '-' or '+'))
            return false;
        if (end == text.Length || char.IsWhiteSpace(text[end])) return true;
        var dotted = text[end] == '.' && end + 1 < text.Length && char.IsLetterOrDigit(text[end + 1]);
        return char.IsPunctuation(text[end]) && !dotted;
    }
}
