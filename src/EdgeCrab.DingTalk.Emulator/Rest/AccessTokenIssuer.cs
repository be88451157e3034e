namespace EdgeCrab.DingTalk.Emulator.Rest;

/// <summary>Issues the app's access token: the same one while it is valid, a new one after it expires or is revoked.</summary>
internal sealed class AccessTokenIssuer(EmulatorOptions options, TimeProvider clock)
{
    private readonly object _gate = new();
    private (string Token, DateTimeOffset ExpiresAt)? _current;

    public int Issued { get; private set; }

    /// <summary>The current token and its remaining lifetime, issuing one when none is valid.</summary>
    public (string Token, TimeSpan ExpiresIn) Issue()
    {
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (_current is not { } current || current.ExpiresAt <= now)
            {
                current = (EmulatorApp.RandomHex(16), now + options.AccessTokenLifetime);
                _current = current;
                Issued++;
            }
            return (current.Token, current.ExpiresAt - now);
        }
    }

    public bool IsValid(string? token)
    {
        if (string.IsNullOrEmpty(token)) return false;
        lock (_gate)
            return _current is { } current && current.Token == token && current.ExpiresAt > clock.GetUtcNow();
    }

    /// <summary>The <c>expireTokens</c> fault: every token issued so far stops working at once.</summary>
    public void ExpireAll()
    {
        lock (_gate) _current = null;
    }
}
