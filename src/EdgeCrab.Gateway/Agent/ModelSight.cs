namespace EdgeCrab.Gateway.Agent;

/// <summary>
/// What the node has learnt of its model's eyes: once the provider refused a picture, later turns send descriptions
/// straight away instead of paying for a refused request each time. Shared by every session of the node; forgotten
/// at restart, when the model may have been changed.
/// </summary>
public sealed class ModelSight
{
    private volatile bool _blind;

    /// <summary>Whether the model refused a picture since the node started.</summary>
    public bool Blind => _blind;

    public void LearnBlind() => _blind = true;
}
