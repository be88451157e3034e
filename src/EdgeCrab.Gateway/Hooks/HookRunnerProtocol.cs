namespace EdgeCrab.Gateway.Hooks;

/// <summary>What the node's <see cref="HookRunner"/> is asked, beside the fire-and-forget <see cref="HookEvent"/>s it is told.</summary>
public static class HookRunnerProtocol
{
    /// <summary>
    /// A cancellable event (<c>command:*</c>, <c>agent:start</c>): the hooks that want it run one after another, by
    /// priority, each within its timeout, until one cancels. Answered with a <see cref="Verdict"/>.
    /// </summary>
    public sealed record Vet(HookEvent Event);

    /// <summary>
    /// An event the gateway waits for, though nothing can be cancelled (<c>gateway:shutdown</c>): every hook that wants
    /// it runs, by priority, and the <see cref="Verdict"/> (always "continue") comes once all have.
    /// </summary>
    public sealed record RunAll(HookEvent Event);

    /// <summary>Continue, or the first hook's cancel with its name.</summary>
    public sealed record Verdict(HookAnswer Answer, string? HookName)
    {
        public static readonly Verdict Continue = new(HookAnswer.Continue.Instance, null);

        public string? CancelReason => Answer is HookAnswer.Cancel cancel ? cancel.Reason : null;
    }

    /// <summary>
    /// How long an asker waits for a <see cref="Verdict"/> on <paramref name="hooks"/>: each hook's timeout (waiting for
    /// its turn included) and a little for killing a process that overran. Past it, the action goes on.
    /// </summary>
    public static TimeSpan Budget(IEnumerable<Hook> hooks) =>
        hooks.Aggregate(TimeSpan.FromSeconds(1), (sum, hook) => sum + hook.Timeout + KillAllowance);

    /// <summary>What a handler past its timeout is given to be killed and reaped.</summary>
    internal static readonly TimeSpan KillAllowance = TimeSpan.FromSeconds(2);
}
