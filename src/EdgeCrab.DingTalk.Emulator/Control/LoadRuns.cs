using EdgeCrab.DingTalk.Emulator.Stream;
using EdgeCrab.DingTalk.Robot;

namespace EdgeCrab.DingTalk.Emulator.Control;

/// <summary>The current (or last) load run; one runs at a time.</summary>
internal sealed class LoadRuns(InboundDesk desk, CallbackLedger ledger, TimeProvider clock)
{
    private readonly object _gate = new();
    private int _number;

    public LoadRun? Current { get; private set; }

    /// <summary>Starts a run, or returns null while the previous one is still pushing.</summary>
    public LoadRun? TryStart(int messages, int conversations, ConversationType type, string text, int? perSecond = null)
    {
        lock (_gate)
        {
            if (Current is { Completion.IsCompleted: false }) return null;
            Current = LoadRun.Start(++_number, messages, conversations, type, text, desk, ledger, clock, perSecond);
            return Current;
        }
    }
}
