using System.ClientModel;
using System.Diagnostics;
using System.Text;
using System.Threading.RateLimiting;
using Akka.Actor;
using Akka.Event;
using EdgeCrab.Gateway.Cards;
using EdgeCrab.Gateway.Outbox;
using EdgeCrab.Gateway.Sessions;
using EdgeCrab.Gateway.Telemetry;
using Microsoft.Extensions.AI;

namespace EdgeCrab.Gateway.Agent;

/// <summary>
/// Runs one turn: waits for one of the node's <see cref="AgentSlots"/>, streams the agent's answer and reports the
/// result to its parent. Stopping this actor cancels the token the turn runs under, while it waits for a slot as while
/// the model streams; that is how <c>/stop</c> reaches the agent.
/// </summary>
/// <remarks>
/// The turn timeout starts when the slot is granted: it bounds the model, not the queue. A turn queued behind a burst
/// must not fail for having waited its turn; its wait is bounded anyway, since every turn ahead of it holds a slot for
/// at most the timeout, and <c>/stop</c> works while it waits.
/// </remarks>
internal sealed class AgentTurn : ReceiveActor
{
    private readonly int _turnNumber;
    private readonly IReadOnlyList<HistoryEntry> _history;
    private readonly IChatClient _agent;
    private readonly AgentSlots _slots;
    private readonly TimeSpan _timeout;
    private readonly string? _traceParent;
    private readonly TurnCard? _card;
    private readonly string? _persona;
    private readonly TurnFiles? _files;
    private readonly CancellationTokenSource _stopped = new();

    public AgentTurn(int turnNumber, IReadOnlyList<HistoryEntry> history, IChatClient agent, AgentSlots slots, TimeSpan timeout, string? traceParent, TurnCard? card, string? persona, TurnFiles? files)
    {
        _files = files;
        _persona = persona;
        _card = card;
        _traceParent = traceParent;
        _turnNumber = turnNumber;
        _history = history;
        _agent = agent;
        _slots = slots;
        _timeout = timeout;
        ReceiveAny(_ => { });
    }

    /// <param name="traceParent">The span of the callback whose message this turn answers: the turn's span joins that trace.</param>
    /// <param name="card">The card the answer streams into; null answers in markdown only.</param>
    /// <param name="persona">The system message (SOUL.md) as it was when the turn started; null for none.</param>
    /// <param name="files">The prompt's pictures and files, fetched for the model as the turn runs; null when there are none.</param>
    public static Props Props(int turnNumber, IReadOnlyList<HistoryEntry> history, IChatClient agent, AgentSlots slots, TimeSpan timeout, string? traceParent = null,
        TurnCard? card = null, string? persona = null, TurnFiles? files = null) =>
        PlainProps.Of(() => new AgentTurn(turnNumber, history, agent, slots, timeout, traceParent, card, persona, files));

    protected override void PreStart()
    {
        var parent = Context.Parent;
        var self = Self;
        var log = Context.GetLogger();
        RunAsync(log, parent, self).PipeTo(parent);
    }

    protected override void PostStop() => _stopped.Cancel();

    private async Task<object> RunAsync(ILoggingAdapter log, IActorRef parent, IActorRef self)
    {
        // Current only inside this method's own flow: the actor's thread gets its own context back at the first await.
        using var span = GatewayTelemetry.Source.StartActivity("edgecrab.turn", ActivityKind.Internal, TraceParent.Context(_traceParent));
        span?.SetTag("edgecrab.turn.number", _turnNumber);
        // The card goes out as the turn starts, before any wait for a slot: the person sees at once that it is coming.
        var card = await OpenCardAsync(parent, self).ConfigureAwait(false);
        RateLimitLease slot;
        try
        {
            slot = await _slots.AcquireAsync(_stopped.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return new AgentTurnProtocol.Cancelled(_turnNumber);
        }
        // Held only while the model streams: released however the call ends.
        using (slot)
        {
            parent.Tell(new AgentTurnProtocol.Answering(_turnNumber), self);
            span?.AddEvent(new ActivityEvent("agent slot granted"));
            var started = Stopwatch.GetTimestamp();
            var result = await AskAgentAsync(log, card).ConfigureAwait(false);
            var outcome = result switch
            {
                AgentTurnProtocol.Completed => "completed",
                AgentTurnProtocol.Failed => "failed",
                _ => "cancelled",
            };
            GatewayTelemetry.Turns.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
            GatewayTelemetry.TurnDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
            span?.SetTag("edgecrab.turn.outcome", outcome);
            if (result is AgentTurnProtocol.Failed failed) span?.SetStatus(ActivityStatusCode.Error, failed.Error);
            return result is AgentTurnProtocol.Completed completed ? completed with { TraceParent = span?.Id } : result;
        }
    }

    /// <summary>Opens the turn's card, telling the session whether its answer streams there; null when it answers in markdown.</summary>
    private async Task<CardStream?> OpenCardAsync(IActorRef parent, IActorRef self)
    {
        if (_card is not { } card) return null;
        DeliveryResult opened;
        try
        {
            opened = await card.Writer.OpenAsync(card.Plan, _stopped.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        if (opened is not DeliveryResult.Delivered)
        {
            var reason = opened switch
            {
                DeliveryResult.RetryLater r => r.Reason,
                DeliveryResult.Undeliverable u => u.Reason,
                _ => opened.GetType().Name,
            };
            parent.Tell(new AgentTurnProtocol.CardRefused(_turnNumber, reason), self);
            return null;
        }
        parent.Tell(new AgentTurnProtocol.CardOpened(_turnNumber, card.Plan.OutTrackId), self);
        return new CardStream(card.Writer, card.Plan.OutTrackId, card.Interval, card.Chunker,
            reason => parent.Tell(new AgentTurnProtocol.CardRefused(_turnNumber, reason), self), _stopped.Token);
    }

    private async Task<object> AskAgentAsync(ILoggingAdapter log, CardStream? card)
    {
        using var timeout = new CancellationTokenSource(_timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_stopped.Token, timeout.Token);
        var answer = new StringBuilder();
        long input = 0, output = 0;
        try
        {
            var messages = _history.Select(h => new ChatMessage(h.Role == HistoryRole.User ? ChatRole.User : ChatRole.Assistant, h.ForModel)).ToList();
            if (_persona is { } persona) messages.Insert(0, new ChatMessage(ChatRole.System, persona));
            var prompt = _files is null ? null : messages.LastOrDefault(m => m.Role == ChatRole.User);
            // The downloads are part of the turn: under its timeout, and cancelled by /stop.
            var (unfetched, picturesUnseen) = (0, false);
            if (prompt is not null) (prompt.Contents, unfetched, picturesUnseen) = await _files!.ContentsAsync(prompt.Text, linked.Token).ConfigureAwait(false);
            while (true)
            {
                try
                {
                    await foreach (var update in _agent.GetStreamingResponseAsync(messages, cancellationToken: linked.Token).ConfigureAwait(false))
                    {
                        answer.Append(update.Text);
                        if (card is { Due: true }) card.Offer(answer.ToString());
                        foreach (var usage in update.Contents.OfType<UsageContent>())
                        {
                            input += usage.Details.InputTokenCount ?? 0;
                            output += usage.Details.OutputTokenCount ?? 0;
                        }
                    }
                    break;
                }
                catch (ClientResultException e) when (e.Status is 400 or 422 && answer.Length == 0 && prompt is not null && TurnFiles.HasPictures(prompt.Contents))
                {
                    // A model without vision refuses the whole request (OpenAI: 400 "image_url is only supported by
                    // certain models"). Its wording differs by provider, so the sign is the refusal itself: the same
                    // request without pictures is tried once; if that is refused too, the error was not the pictures.
                    log.Warning("The model refused turn {0}'s request with its picture(s) (HTTP {1}): it gets descriptions instead, until the gateway restarts", _turnNumber, e.Status);
                    _files!.Sight.LearnBlind();
                    prompt.Contents = TurnFiles.WithoutPictures(prompt.Contents);
                    picturesUnseen = true;
                }
            }
            var completed = new AgentTurnProtocol.Completed(_turnNumber, answer.ToString(), input, output) { PicturesUnseen = picturesUnseen, FilesUnfetched = unfetched };
            if (card is null) return completed;
            // No live write may land after the final one: wait for the one in flight.
            await card.SettleAsync().ConfigureAwait(false);
            return completed with { CardShown = card.Shown, CardLive = card.Live };
        }
        catch (OperationCanceledException) when (_stopped.IsCancellationRequested)
        {
            return new AgentTurnProtocol.Cancelled(_turnNumber);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return new AgentTurnProtocol.Failed(_turnNumber, $"no answer within {_timeout.TotalSeconds:0} s");
        }
        catch (Exception e)
        {
            // The full exception goes to the log (through the redacting sinks); the user gets its kind only, since
            // provider errors can carry request details.
            log.Warning(e, "Agent failed turn {0}", _turnNumber);
            return new AgentTurnProtocol.Failed(_turnNumber, AgentErrorText.For(e));
        }
    }
}
