using System.Net.Http.Json;

namespace EdgeCrab.DingTalk.Rest;

/// <summary>
/// An app's access token, fetched once and shared: refreshed a margin before it expires, and fetched by at most one
/// request at a time however many callers need it (single-flight).
/// </summary>
public sealed class AccessTokenCache
{
    /// <summary>DingTalk's tokens last 7,200 s; refreshing five minutes early keeps a call from racing the expiry.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly DingTalkHttp _http;
    private readonly DingTalkEndpoints _endpoints;
    private readonly DingTalkCredentials _credentials;
    private readonly AccessTokenSource _source;
    private readonly TimeProvider _clock;
    private readonly object _gate = new();
    private (string Token, DateTimeOffset RefreshAt)? _current;
    private Task<string>? _inFlight;

    internal AccessTokenCache(DingTalkHttp http, DingTalkEndpoints endpoints, DingTalkCredentials credentials, AccessTokenSource source, TimeProvider clock)
    {
        _http = http;
        _endpoints = endpoints;
        _credentials = credentials;
        _source = source;
        _clock = clock;
        http.Redactor.Register(credentials.AppSecret);
    }

    /// <summary>How many tokens were fetched from DingTalk (tests check the token is reused).</summary>
    public int FetchCount { get; private set; }

    public Task<string> GetAsync(CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (_current is { } current && _clock.GetUtcNow() < current.RefreshAt)
                return Task.FromResult(current.Token);
            // A fetch is already under way: every caller shares it. The shared fetch does not take any one caller's
            // token, so one caller giving up does not fail the others.
            if (_inFlight is null || _inFlight.IsCompleted) _inFlight = FetchAndStoreAsync();
            return _inFlight.WaitAsync(ct);
        }
    }

    /// <summary>Forgets a token DingTalk refused, unless a newer one has already replaced it.</summary>
    public void Invalidate(string token)
    {
        lock (_gate)
        {
            if (_current?.Token == token) _current = null;
        }
    }

    private async Task<string> FetchAndStoreAsync()
    {
        var (token, lifetime) = await FetchAsync().ConfigureAwait(false);
        _http.Redactor.Register(token);
        lock (_gate)
        {
            FetchCount++;
            var margin = lifetime > RefreshMargin * 2 ? RefreshMargin : lifetime / 2;
            _current = (token, _clock.GetUtcNow() + lifetime - margin);
        }
        return token;
    }

    private async Task<(string Token, TimeSpan Lifetime)> FetchAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        if (_source == AccessTokenSource.NewApi)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _endpoints.Api("/v1.0/oauth2/accessToken"))
            {
                Content = JsonContent.Create(new { appKey = _credentials.AppKey, appSecret = _credentials.AppSecret }),
            };
            using var doc = await _http.SendAsync("access token", request, timeout.Token).ConfigureAwait(false);
            return Read(doc.RootElement, "accessToken", "expireIn");
        }
        else
        {
            var query = $"/gettoken?appkey={Uri.EscapeDataString(_credentials.AppKey)}&appsecret={Uri.EscapeDataString(_credentials.AppSecret)}";
            using var request = new HttpRequestMessage(HttpMethod.Get, _endpoints.Oapi(query));
            using var doc = await _http.SendAsync("access token (legacy)", request, timeout.Token).ConfigureAwait(false);
            return Read(doc.RootElement, "access_token", "expires_in");
        }
    }

    private static (string, TimeSpan) Read(System.Text.Json.JsonElement root, string tokenField, string expiresField)
    {
        var token = DingTalkHttp.String(root, tokenField);
        if (string.IsNullOrEmpty(token))
            throw new DingTalkApiException(DingTalkErrorKind.BadResponse, "access token", $"the answer has no {tokenField}");
        var seconds = DingTalkHttp.Number(root, expiresField) ?? 7200;
        return (token, TimeSpan.FromSeconds(Math.Clamp(seconds, 1, 7 * 24 * 3600)));
    }
}
