using System.Diagnostics;
using EdgeCrab.DingTalk.Replies;
using EdgeCrab.Gateway.Outbox;

namespace EdgeCrab.Gateway.Cards;

/// <summary>
/// One turn's card while the model streams: the answer so far is written into it, whole each time (so a lost write
/// loses nothing), at most once per interval, one write at a time, and only when a send slot is free. It keeps how
/// much of the answer the card shows. Refused for good (or three times running), it stops and says why once: the
/// answer then goes on in markdown from the first character the card did not show. Live text stops at the answer's
/// first chunk: the rest follows the card as markdown when the turn ends.
/// </summary>
internal sealed class CardStream(ICardWriter writer, string outTrackId, TimeSpan interval, ReplyChunker chunker, Action<string> refused, CancellationToken ct)
{
    private const int RefusalsInARow = 3;

    private readonly Lock _gate = new();
    private Task _writing = Task.CompletedTask;
    private long _lastStarted;
    private int _shown;
    private int _failures;
    private bool _live = true;
    private bool _full;

    /// <summary>How many characters of the answer the card shows (a prefix of it).</summary>
    public int Shown
    {
        get { lock (_gate) return _shown; }
    }

    /// <summary>Whether the card still takes writes.</summary>
    public bool Live
    {
        get { lock (_gate) return _live; }
    }

    /// <summary>Whether a write would start now: cheap, so the caller builds the text only then.</summary>
    public bool Due
    {
        get { lock (_gate) return IsDue(); }
    }

    private bool IsDue() => _live && !_full && _writing.IsCompleted && (_lastStarted == 0 || Stopwatch.GetElapsedTime(_lastStarted) >= interval);

    /// <summary>Starts a write of <paramref name="answerSoFar"/> if one is due.</summary>
    public void Offer(string answerSoFar)
    {
        lock (_gate)
        {
            if (!IsDue() || answerSoFar.Length <= _shown) return;
            if (chunker.Split(answerSoFar).Count > 1)
            {
                // Past one chunk the card shows no more live: the final write settles its text.
                _full = true;
                return;
            }
            _lastStarted = Stopwatch.GetTimestamp();
            _writing = WriteAsync(answerSoFar);
        }
    }

    /// <summary>Waits for the write in flight, so nothing live lands after the final write.</summary>
    public async Task SettleAsync()
    {
        Task writing;
        lock (_gate) writing = _writing;
        try
        {
            await writing.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped: the session closes the card.
        }
    }

    private async Task WriteAsync(string text)
    {
        var result = await writer.TryWriteAsync(outTrackId, text, ct).ConfigureAwait(false);
        string? refusal = null;
        lock (_gate)
        {
            switch (result)
            {
                case null:
                    _lastStarted = 0; // no slot: try again at the next offer
                    return;
                case DeliveryResult.Delivered:
                    _shown = Math.Max(_shown, text.Length);
                    _failures = 0;
                    return;
                case DeliveryResult.RetryLater retry when ++_failures < RefusalsInARow:
                    return;
                case DeliveryResult.RetryLater retry:
                    refusal = $"{RefusalsInARow} live writes in a row failed: {retry.Reason}";
                    break;
                case DeliveryResult.Undeliverable undeliverable:
                    refusal = undeliverable.Reason;
                    break;
            }
            _live = false;
        }
        refused(refusal!);
    }
}
