namespace EdgeCrab.Gateway.Sessions;

/// <summary>What a new message does while a turn runs (<c>EDGECRAB_BUSY_MODE</c>).</summary>
public enum BusyMode
{
    /// <summary>Waits its turn, in order.</summary>
    Queue,
    /// <summary>Stops the running turn and runs next.</summary>
    Interrupt,
    /// <summary>Replaces whatever was waiting: only the latest message runs next.</summary>
    Latest,
}
