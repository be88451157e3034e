namespace EdgeCrab.Host.Settings;

/// <summary>What a message does while a turn of its conversation runs (<c>EDGECRAB_BUSY_MODE</c>).</summary>
public enum BusyMode
{
    /// <summary>Waits its turn, in order.</summary>
    Queue,

    /// <summary>Stops the running turn and runs instead.</summary>
    Interrupt,

    /// <summary>Replaces whatever was queued: only the latest message runs next.</summary>
    Latest,
}
