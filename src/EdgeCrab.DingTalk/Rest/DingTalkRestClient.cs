using System.Net.Http.Json;
using System.Text.Json;
using EdgeCrab.DingTalk.Security;

namespace EdgeCrab.DingTalk.Rest;

/// <summary>
/// DingTalk's REST API as the gateway uses it: open a stream connection, send through a session webhook, and send
/// as the robot to users or a group. Failures are <see cref="DingTalkApiException"/>s that say whether a retry helps.
/// </summary>
public sealed class DingTalkRestClient
{
    private readonly DingTalkHttp _http;
    private readonly DingTalkEndpoints _endpoints;
    private readonly DingTalkCredentials _credentials;
    private readonly SessionWebhookPolicy _webhookPolicy;

    public DingTalkRestClient(
        HttpClient http,
        DingTalkEndpoints endpoints,
        DingTalkCredentials credentials,
        SecretRedactor? redactor = null,
        AccessTokenSource tokenSource = AccessTokenSource.NewApi,
        TimeProvider? clock = null)
    {
        Redactor = redactor ?? new SecretRedactor();
        _http = new DingTalkHttp(http, Redactor);
        _endpoints = endpoints;
        _credentials = credentials;
        _webhookPolicy = SessionWebhookPolicy.For(endpoints);
        Tokens = new AccessTokenCache(_http, endpoints, credentials, tokenSource, clock ?? TimeProvider.System);
    }

    public AccessTokenCache Tokens { get; }

    public SecretRedactor Redactor { get; }

    public SessionWebhookPolicy WebhookPolicy => _webhookPolicy;

    /// <summary>Registers a stream connection and returns its one-time ticket (<c>POST /v1.0/gateway/connections/open</c>).</summary>
    public async Task<StreamTicket> OpenStreamAsync(IEnumerable<StreamSubscription> subscriptions, string userAgent, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoints.Api("/v1.0/gateway/connections/open"))
        {
            Content = JsonContent.Create(new
            {
                clientId = _credentials.AppKey,
                clientSecret = _credentials.AppSecret,
                subscriptions = subscriptions.Select(s => new { type = s.Type, topic = s.Topic }).ToArray(),
                ua = userAgent,
            }),
        };
        using var doc = await _http.SendAsync("open stream connection", request, ct).ConfigureAwait(false);
        var endpoint = DingTalkHttp.String(doc.RootElement, "endpoint");
        var ticket = DingTalkHttp.String(doc.RootElement, "ticket");
        if (string.IsNullOrEmpty(ticket) || !Uri.TryCreate(endpoint, UriKind.Absolute, out var endpointUri)
            || endpointUri.Scheme is not ("ws" or "wss"))
            throw new DingTalkApiException(DingTalkErrorKind.BadResponse, "open stream connection", "the answer lacks a websocket endpoint or a ticket");
        return new StreamTicket(endpointUri, ticket);
    }

    /// <summary>Replies through a callback's session webhook. A webhook that is not a DingTalk host is never called.</summary>
    public async Task SendBySessionWebhookAsync(string webhook, OutgoingMessage message, CancellationToken ct = default)
    {
        if (_webhookPolicy.Check(webhook) is { } refusal)
            throw new DingTalkApiException(DingTalkErrorKind.ForgedWebhook, "session webhook send", refusal);
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook)
        {
            Content = DingTalkHttp.Json(OutgoingMessageWriter.WebhookBody(message)),
        };
        using var _ = await _http.SendAsync("session webhook send", request, ct).ConfigureAwait(false);
    }

    /// <summary>Sends as the robot to users in one-to-one chats (<c>oToMessages/batchSend</c>, at most 20 users a call).</summary>
    public async Task<BatchSendResult> SendToUsersAsync(string robotCode, IReadOnlyList<string> userIds, OutgoingMessage message, CancellationToken ct = default)
    {
        if (userIds.Count is 0 or > 20)
            throw new ArgumentOutOfRangeException(nameof(userIds), userIds.Count, "DingTalk takes 1 to 20 users a call");
        var (msgKey, msgParam) = OutgoingMessageWriter.RobotApiParam(message);
        using var doc = await WithTokenAsync("robot batch send", "/v1.0/robot/oToMessages/batchSend",
            new { robotCode, userIds, msgKey, msgParam }, ct).ConfigureAwait(false);
        var root = doc.RootElement;
        return new BatchSendResult(
            DingTalkHttp.String(root, "processQueryKey") ?? "",
            DingTalkHttp.Strings(root, "invalidStaffIdList"),
            DingTalkHttp.Strings(root, "flowControlledStaffIdList"),
            DingTalkHttp.Strings(root, "filteredStaffIdList"));
    }

    /// <summary>Sends as the robot to a group (<c>groupMessages/send</c>); returns DingTalk's processQueryKey.</summary>
    public async Task<string> SendToGroupAsync(string robotCode, string openConversationId, OutgoingMessage message, CancellationToken ct = default)
    {
        var (msgKey, msgParam) = OutgoingMessageWriter.RobotApiParam(message);
        using var doc = await WithTokenAsync("robot group send", "/v1.0/robot/groupMessages/send",
            new { robotCode, openConversationId, msgKey, msgParam }, ct).ConfigureAwait(false);
        return DingTalkHttp.String(doc.RootElement, "processQueryKey") ?? "";
    }

    /// <summary>Calls a new-API endpoint with the cached token; a refused token is refreshed and the call made once more.</summary>
    private async Task<JsonDocument> WithTokenAsync<TBody>(string operation, string path, TBody body, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var token = await Tokens.GetAsync(ct).ConfigureAwait(false);
            using var request = new HttpRequestMessage(HttpMethod.Post, _endpoints.Api(path)) { Content = JsonContent.Create(body) };
            request.Headers.Add("x-acs-dingtalk-access-token", token);
            try
            {
                return await _http.SendAsync(operation, request, ct).ConfigureAwait(false);
            }
            catch (DingTalkApiException e) when (e.Kind == DingTalkErrorKind.TokenInvalid && attempt == 1)
            {
                Tokens.Invalidate(token);
            }
        }
    }
}
