namespace EdgeCrab.DingTalk.Security;

/// <summary>
/// Decides whether a callback's session webhook may be called. A forged webhook would receive the agent's answer,
/// so only DingTalk's API hosts pass (over https, default port, no user info), plus the hosts of the configured
/// API bases, which is how tests and the emulator are allowed in.
/// </summary>
public sealed class SessionWebhookPolicy
{
    private static readonly string[] DingTalkHosts = ["oapi.dingtalk.com", "api.dingtalk.com"];

    private readonly HashSet<(string Scheme, string Host, int Port)> _configured;

    public SessionWebhookPolicy(params Uri[] configuredBases)
    {
        _configured = configuredBases
            .Where(b => b.IsAbsoluteUri)
            .Select(b => (b.Scheme, b.IdnHost.ToLowerInvariant(), b.Port))
            .ToHashSet();
    }

    public static SessionWebhookPolicy For(DingTalkEndpoints endpoints) => new(endpoints.ApiBase, endpoints.OapiBase);

    public bool IsAllowed(string? webhook) => Check(webhook) is null;

    /// <summary>Null when the webhook may be called, else why not (safe to log: it never includes the URL's query).</summary>
    public string? Check(string? webhook)
    {
        if (string.IsNullOrWhiteSpace(webhook))
            return "no session webhook";
        if (!Uri.TryCreate(webhook, UriKind.Absolute, out var uri))
            return "session webhook is not an absolute URL";
        if (!string.IsNullOrEmpty(uri.UserInfo))
            return "session webhook carries user info";
        var host = uri.IdnHost.ToLowerInvariant();
        if (_configured.Contains((uri.Scheme, host, uri.Port)))
            return null;
        if (uri.Scheme == Uri.UriSchemeHttps && uri.IsDefaultPort && DingTalkHosts.Contains(host))
            return null;
        return $"session webhook host '{uri.Scheme}://{host}:{uri.Port}' is not a DingTalk API host";
    }
}
