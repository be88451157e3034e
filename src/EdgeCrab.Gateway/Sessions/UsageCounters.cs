namespace EdgeCrab.Gateway.Sessions;

/// <summary>Turns run, messages received and tokens spent, over some span of a session. A value inside the state, not an object of its own: two in every session (memory, issue 14).</summary>
public readonly record struct UsageCounters(int Turns, int Messages, long InputTokens, long OutputTokens)
{
    public static readonly UsageCounters Zero = new(0, 0, 0, 0);

    public UsageCounters AddMessage() => this with { Messages = Messages + 1 };

    public UsageCounters AddTurn(long inputTokens, long outputTokens) =>
        this with { Turns = Turns + 1, InputTokens = InputTokens + inputTokens, OutputTokens = OutputTokens + outputTokens };
}
