namespace EdgeCrab.DingTalk.Emulator.Rest;

/// <summary>
/// The app's business API calls (everything the <see cref="BusinessGate"/> sees; access tokens and stream
/// registration are not business calls), per API (method and route) and all together: how many, how many were refused
/// for QPS, and the most seen within any one second. It also enforces a per-app per-API QPS limit the way DingTalk
/// does (<c>Forbidden.AccessDenied.QpsLimitForAppkeyAndApi</c>, window 1 s). DingTalk's window is probably aligned to
/// the second (UNCONFIRMED); the emulator uses a sliding second, which is stricter: a client within it is within
/// DingTalk's too.
/// </summary>
internal sealed class ApiCallCounter(TimeProvider clock)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    private readonly object _gate = new();
    private readonly Dictionary<(string Method, string Path), Tally> _apis = [];
    private Tally _all = new();

    /// <summary>Counts one call; false when the API already took <paramref name="qpsLimit"/> calls within the last second.</summary>
    public bool Admit(string method, string path, int? qpsLimit)
    {
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (!_apis.TryGetValue((method, path), out var api)) _apis[(method, path)] = api = new Tally();
            api.Count(now);
            _all.Count(now);
            // Refused calls do not use up the window: a client that backs off gets through a second later.
            if (!api.Accept(now, qpsLimit))
            {
                _all.Refused++;
                return false;
            }
            return true;
        }
    }

    /// <summary>What <c>GET /_emulator/calls</c> shows.</summary>
    public object Report()
    {
        lock (_gate)
        {
            return new
            {
                apis = _apis.OrderBy(a => a.Key.Path, StringComparer.Ordinal).ThenBy(a => a.Key.Method, StringComparer.Ordinal)
                    .Select(a => new { method = a.Key.Method, path = a.Key.Path, total = a.Value.Total, refused = a.Value.Refused, maxPerSecond = a.Value.MaxPerSecond })
                    .ToArray(),
                total = _all.Total,
                refused = _all.Refused,
                maxPerSecond = _all.MaxPerSecond,
            };
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _apis.Clear();
            _all = new Tally();
        }
    }

    private sealed class Tally
    {
        private readonly Queue<DateTimeOffset> _recent = new();
        private readonly Queue<DateTimeOffset> _accepted = new();

        public long Total { get; private set; }
        public long Refused { get; set; }
        public int MaxPerSecond { get; private set; }

        public void Count(DateTimeOffset now)
        {
            Total++;
            Trim(_recent, now);
            _recent.Enqueue(now);
            MaxPerSecond = Math.Max(MaxPerSecond, _recent.Count);
        }

        public bool Accept(DateTimeOffset now, int? limit)
        {
            Trim(_accepted, now);
            if (limit is { } max && _accepted.Count >= max)
            {
                Refused++;
                return false;
            }
            _accepted.Enqueue(now);
            return true;
        }

        private static void Trim(Queue<DateTimeOffset> calls, DateTimeOffset now)
        {
            while (calls.Count > 0 && now - calls.Peek() >= Window) calls.Dequeue();
        }
    }
}
