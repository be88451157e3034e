namespace EdgeCrab.DingTalk.Stream;

/// <summary>The three kinds of frame DingTalk pushes over a stream connection.</summary>
public enum StreamFrameType
{
    System,
    Event,
    Callback,
}
