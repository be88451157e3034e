namespace EdgeCrab.DingTalk.Security;

/// <summary>
/// Decides whether a callback's session webhook may be called. A forged webhook would receive the agent's answer,
/// so only DingTalk's API hosts pass (over https, default port, no user info, path <c>/robot/sendBySession</c>), plus
/// the hosts of the configured API bases (same path), which is how tests and the emulator are allowed in.
/// </summary>
public sealed class SessionWebhookPolicy
{
    private static readonly string[] DingTalkHosts = ["oapi.dingtalk.com", "api.dingtalk.com"];

    /// <summary>The only path a session webhook has (DingTalk's samples and docs; the emulator serves the same).</summary>
    public const string SessionWebhookPath = "/robot/sendBySession";

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
        var isDingTalk = _configured.Contains((uri.Scheme, host, uri.Port))
            || uri.Scheme == Uri.UriSchemeHttps && uri.IsDefaultPort && DingTalkHosts.Contains(host);
        if (!isDingTalk)
            return $"session webhook host '{uri.Scheme}://{host}:{uri.Port}' is not a DingTalk API host";
        // A genuine host is not enough: /robot/send?access_token=... on it would post into some other robot's group.
        if (!string.Equals(uri.AbsolutePath, SessionWebhookPath, StringComparison.Ordinal))
            return $"session webhook path '{uri.AbsolutePath}' is not {SessionWebhookPath}";
        return null;
    }
}
