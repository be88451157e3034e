namespace EdgeCrab.Gateway.Sessions.Events;

/// <summary>
/// The events of one decision, stored as one journal row instead of a row each: a message and the turn it starts, an
/// answer and the reply that carries it. They were always written in one atomic write; one row is the same promise at
/// a third of the rows (issue 14). Applied in order, as if each had its own row; a decision of one event is stored bare.
/// </summary>
public sealed record Decided(IReadOnlyList<ISessionEvent> Events) : IGatewayMessage
{
    /// <summary>What the session persists for <paramref name="events"/>: the event itself when it is alone, else one <see cref="Decided"/>.</summary>
    public static object AsOneRow(IReadOnlyList<ISessionEvent> events) => events.Count == 1 ? events[0] : new Decided(events);

    /// <summary>The session events a journal row holds, whichever form it was written in; nothing for any other row.</summary>
    public static IEnumerable<ISessionEvent> In(object row) => row switch
    {
        Decided decided => decided.Events,
        ISessionEvent e => [e],
        _ => [],
    };
}
