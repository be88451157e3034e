namespace EdgeCrab.Gateway.Sessions;

/// <summary>What a press of a card's stop button does, judged by <see cref="ConversationState.JudgeStopPress"/>.</summary>
public enum StopPress
{
    /// <summary>The card's answer no longer runs: nothing to stop.</summary>
    NotRunning,

    /// <summary>Someone other than the person who asked, and no admin: refused.</summary>
    NotAllowed,

    /// <summary>The running turn is stopped.</summary>
    Stops,
}
