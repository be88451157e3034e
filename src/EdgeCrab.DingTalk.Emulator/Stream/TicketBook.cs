namespace EdgeCrab.DingTalk.Emulator.Stream;

/// <summary>Stream tickets: each opens one websocket, once, within its lifetime, for what its client subscribed to.</summary>
internal sealed class TicketBook(EmulatorOptions options, TimeProvider clock)
{
    public enum Verdict { Valid, Unknown, Used, Expired }

    /// <summary>What the client asked for when it registered: the callback topics it takes and its user agent.</summary>
    public sealed record Grant(IReadOnlySet<string> CallbackTopics, string? UserAgent);

    private readonly object _gate = new();
    private readonly Dictionary<string, (DateTimeOffset ExpiresAt, bool Used, Grant Grant)> _tickets = new(StringComparer.Ordinal);

    public string Issue(Grant grant)
    {
        var ticket = Guid.NewGuid().ToString();
        lock (_gate)
        {
            Prune();
            _tickets[ticket] = (clock.GetUtcNow() + options.TicketLifetime, false, grant);
        }
        return ticket;
    }

    /// <summary>Whether the ticket would open a connection, without using it.</summary>
    public Verdict Check(string? ticket)
    {
        lock (_gate) return CheckLocked(ticket);
    }

    /// <summary>Uses the ticket if it is valid; a second use is refused.</summary>
    public (Verdict Verdict, Grant? Grant) Consume(string? ticket)
    {
        lock (_gate)
        {
            var verdict = CheckLocked(ticket);
            if (verdict != Verdict.Valid) return (verdict, null);
            var entry = _tickets[ticket!];
            _tickets[ticket!] = entry with { Used = true };
            return (verdict, entry.Grant);
        }
    }

    private Verdict CheckLocked(string? ticket)
    {
        if (ticket is null || !_tickets.TryGetValue(ticket, out var entry)) return Verdict.Unknown;
        if (entry.Used) return Verdict.Used;
        return entry.ExpiresAt <= clock.GetUtcNow() ? Verdict.Expired : Verdict.Valid;
    }

    // Forget tickets long past expiry so a long-running emulator does not grow without bound.
    private void Prune()
    {
        if (_tickets.Count < 1024) return;
        var cutoff = clock.GetUtcNow() - options.TicketLifetime - TimeSpan.FromMinutes(10);
        foreach (var (ticket, entry) in _tickets.ToArray())
            if (entry.ExpiresAt < cutoff) _tickets.Remove(ticket);
    }
}
