namespace EdgeCrab.Gateway.Agent;

/// <summary>What an <see cref="AgentTurn"/> reports to its session.</summary>
public static class AgentTurnProtocol
{
    /// <summary>The turn got one of the node's agent slots: its request goes to the model now (until then it waits).</summary>
    public sealed record Answering(int TurnNumber);

    /// <summary>The agent answered.</summary>
    public sealed record Completed(int TurnNumber, string Text, long InputTokens, long OutputTokens)
    {
        /// <summary>The turn's span: the reply's chunks are sent under it.</summary>
        public string? TraceParent { get; init; }

        /// <summary>How much of <see cref="Text"/> the turn's card showed live (0 without a card).</summary>
        public int CardShown { get; init; }

        /// <summary>Whether the turn's card still takes writes (false without one, or once DingTalk refused it).</summary>
        public bool CardLive { get; init; }

        /// <summary>Whether the model got descriptions of the prompt's pictures instead of the pictures (it cannot see them).</summary>
        public bool PicturesUnseen { get; init; }

        /// <summary>How many of the prompt's pictures and files DingTalk would not give (a download code long expired): the model answered without them.</summary>
        public int FilesUnfetched { get; init; }
    }

    /// <summary>The turn's card is delivered (or was already, before a crash): its answer streams there.</summary>
    public sealed record CardOpened(int TurnNumber, string OutTrackId);

    /// <summary>DingTalk refused the turn's card: the answer goes on in markdown.</summary>
    public sealed record CardRefused(int TurnNumber, string Reason);

    /// <summary>The agent failed; <see cref="Error"/> is short and safe to show the user.</summary>
    public sealed record Failed(int TurnNumber, string Error);

    /// <summary>The turn was cancelled (by <c>/stop</c> or shutdown); the session has already recorded why.</summary>
    public sealed record Cancelled(int TurnNumber);
}
