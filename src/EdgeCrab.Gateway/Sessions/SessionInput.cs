namespace EdgeCrab.Gateway.Sessions;

/// <summary>What a session is asked to decide on. The actor turns its messages into these; <see cref="ConversationState"/> decides.</summary>
public abstract record SessionInput
{
    private SessionInput() { }

    /// <summary>A person's message (prompt, slash command, or refusal to explain).</summary>
    public sealed record Receive(InboundMessage Message) : SessionInput
    {
        /// <summary>The running turn is queued for one of the node's agent slots (transient, never persisted: for /status).</summary>
        public bool TurnWaitsForAgent { get; init; }

        /// <summary>What <c>/hooks</c> would answer now (transient, never persisted; the node's hooks change on disk).</summary>
        public string? HooksListing { get; init; }

        /// <summary>
        /// Whether a loaded hook wants a cancellable event (<c>command:&lt;name&gt;</c>): such a command is held until
        /// the hooks answer. Transient, never persisted; null when no hook is loaded.
        /// </summary>
        public Func<string, bool>? HookWants { get; init; }
    }

    /// <summary>The hooks answered the oldest held command: cancelled with <see cref="CancelReason"/>, or not (null).</summary>
    public sealed record Vetted(string MsgId, string? CancelReason) : SessionInput
    {
        /// <inheritdoc cref="Receive.TurnWaitsForAgent"/>
        public bool TurnWaitsForAgent { get; init; }

        /// <inheritdoc cref="Receive.HooksListing"/>
        public string? HooksListing { get; init; }
    }

    /// <summary>An <c>agent:start</c> hook cancelled turn <see cref="TurnNumber"/> before the model was called.</summary>
    public sealed record CancelTurn(int TurnNumber, string Reason) : SessionInput;

    /// <summary>The agent answered turn <see cref="TurnNumber"/>.</summary>
    public sealed record CompleteTurn(int TurnNumber, string Text, long InputTokens, long OutputTokens) : SessionInput
    {
        /// <summary>How much of <see cref="Text"/> the turn's card showed while it streamed (0 without a card).</summary>
        public int CardShown { get; init; }

        /// <summary>Whether the card still takes writes: false once DingTalk refused it during this run.</summary>
        public bool CardLive { get; init; }

        /// <summary>Whether the model was given descriptions of the prompt's pictures, since it refused the pictures themselves.</summary>
        public bool PicturesUnseen { get; init; }

        /// <summary>How many of the prompt's pictures and files could not be fetched from DingTalk: the reply says so.</summary>
        public int FilesUnfetched { get; init; }
    }

    /// <summary>Turn <see cref="TurnNumber"/>'s card was delivered (or found, after a crash).</summary>
    public sealed record OpenCard(int TurnNumber, string OutTrackId) : SessionInput;

    /// <summary>DingTalk refused turn <see cref="TurnNumber"/>'s card (to open or write it): markdown takes over.</summary>
    public sealed record RefuseCard(int TurnNumber, string Reason) : SessionInput;

    /// <summary>Someone pressed the stop button on card <see cref="OutTrackId"/>.</summary>
    public sealed record PressStop(string OutTrackId, string UserId) : SessionInput;

    /// <summary>The agent failed turn <see cref="TurnNumber"/>.</summary>
    public sealed record FailTurn(int TurnNumber, string Error) : SessionInput;

    /// <summary>The session has just recovered: start whatever waits (a turn put back by a shutdown, say).</summary>
    public sealed record Resume : SessionInput;

    /// <summary>The gateway is stopping: put the running turn back to run after restart.</summary>
    public sealed record InterruptTurn : SessionInput;

    /// <summary>DingTalk accepted a chunk.</summary>
    public sealed record MarkDelivered(int ReplyNumber, int Index, string Via) : SessionInput;

    /// <summary>A chunk can never be delivered.</summary>
    public sealed record AbandonChunk(int ReplyNumber, int Index, string Reason) : SessionInput;
}
