using System.Net.Http.Json;
using System.Text.Json;
using EdgeCrab.DingTalk.Cards;
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

    /// <summary>
    /// Creates an AI card and delivers it (<c>card/instances/createAndDeliver</c>), with interactions called back over the
    /// stream. False when a card of that <c>outTrackId</c> already exists (ours, from before a crash): it is there to write into.
    /// </summary>
    public async Task<bool> CreateAndDeliverCardAsync(CardDelivery card, CancellationToken ct = default)
    {
        const string operation = "card create and deliver";
        var group = card.GroupConversationId;
        object body = group is not null
            ? new
            {
                cardTemplateId = card.TemplateId, outTrackId = card.OutTrackId, cardData = new { cardParamMap = card.Parameters },
                callbackType = "STREAM", openSpaceId = $"dtv1.card//IM_GROUP.{group}", userIdType = 1,
                imGroupOpenSpaceModel = new { supportForward = true },
                imGroupOpenDeliverModel = new { robotCode = card.RobotCode, atUserIds = new Dictionary<string, string> { [card.StaffId] = card.Nick ?? card.StaffId } },
            }
            : new
            {
                cardTemplateId = card.TemplateId, outTrackId = card.OutTrackId, cardData = new { cardParamMap = card.Parameters },
                callbackType = "STREAM", openSpaceId = $"dtv1.card//IM_ROBOT.{card.StaffId}", userIdType = 1,
                imRobotOpenSpaceModel = new { supportForward = true },
                imRobotOpenDeliverModel = new { spaceType = "IM_ROBOT", robotCode = card.RobotCode },
            };
        JsonDocument doc;
        try
        {
            doc = await WithTokenAsync(operation, "/v1.0/card/instances/createAndDeliver", body, ct, HttpMethod.Post).ConfigureAwait(false);
        }
        catch (DingTalkApiException e) when (e.Code == "invalidParameter.outTrackId.repeat")
        {
            return false;
        }
        using (doc)
        {
            // A 200 can still say the card did not arrive (the robot is not in the group, say): that is a refusal.
            if (doc.RootElement.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.Object
                && result.TryGetProperty("deliverResults", out var results) && results.ValueKind == JsonValueKind.Array)
            {
                foreach (var delivered in results.EnumerateArray())
                {
                    if (delivered.ValueKind == JsonValueKind.Object && delivered.TryGetProperty("success", out var ok) && ok.ValueKind == JsonValueKind.False)
                        throw new DingTalkApiException(DingTalkErrorKind.Rejected, operation,
                            _http.Redactor.Redact(DingTalkHttp.String(delivered, "errorMsg") is { Length: > 0 } why ? why : "the card was not delivered"));
                }
            }
            return true;
        }
    }

    /// <summary>Writes into a card's variable (<c>PUT card/streaming</c>).</summary>
    public async Task WriteCardAsync(CardWrite write, CancellationToken ct = default)
    {
        const string operation = "card streaming write";
        using var doc = await WithTokenAsync(operation, "/v1.0/card/streaming", new
        {
            outTrackId = write.OutTrackId, guid = write.Guid, key = write.Key, content = write.Content,
            isFull = write.IsFull, isFinalize = write.IsFinalize, isError = write.IsError,
        }, ct, HttpMethod.Put).ConfigureAwait(false);
        if (doc.RootElement.TryGetProperty("success", out var ok) && ok.ValueKind == JsonValueKind.False)
            throw new DingTalkApiException(DingTalkErrorKind.Rejected, operation, "DingTalk answered success=false");
    }

    /// <summary>
    /// Downloads a file a person sent (<c>robot/messageFiles/download</c>: the download code gives a short-lived URL,
    /// then its bytes). At most <paramref name="maxBytes"/> are read: a larger file is refused with
    /// <see cref="DingTalkErrorKind.Rejected"/> rather than held in memory. The URL carries its own credentials and is
    /// never put in a log or an exception.
    /// </summary>
    public async Task<MessageFile> DownloadMessageFileAsync(string robotCode, string downloadCode, long maxBytes, CancellationToken ct = default)
    {
        const string operation = "message file download";
        string? url;
        using (var doc = await WithTokenAsync(operation, "/v1.0/robot/messageFiles/download", new { robotCode, downloadCode }, ct).ConfigureAwait(false))
            url = DingTalkHttp.String(doc.RootElement, "downloadUrl");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            throw new DingTalkApiException(DingTalkErrorKind.BadResponse, operation, "the answer has no download URL");
        HttpResponseMessage response;
        try
        {
            response = await _http.Client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new DingTalkApiException(DingTalkErrorKind.Unreachable, operation, $"could not fetch the file ({e.HttpRequestError})");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new DingTalkApiException(DingTalkErrorKind.Timeout, operation, "the file did not arrive within the HTTP timeout");
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            if (status >= 500) throw new DingTalkApiException(DingTalkErrorKind.ServerError, operation, "the file server failed", status);
            // An expired URL answers 403 or 404: a fresh one comes from the download code, so it is worth another try.
            if (status is 403 or 404 or 410) throw new DingTalkApiException(DingTalkErrorKind.TokenInvalid, operation, "the download URL has expired", status);
            if (status >= 400) throw new DingTalkApiException(DingTalkErrorKind.Rejected, operation, "the file server refused the download", status);
            if (response.Content.Headers.ContentLength > maxBytes)
                throw new DingTalkApiException(DingTalkErrorKind.Rejected, operation, $"the file is larger than {maxBytes:N0} bytes");
            await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            using var bytes = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
            {
                if (bytes.Length + read > maxBytes)
                    throw new DingTalkApiException(DingTalkErrorKind.Rejected, operation, $"the file is larger than {maxBytes:N0} bytes");
                bytes.Write(buffer, 0, read);
            }
            return new MessageFile(bytes.ToArray(), response.Content.Headers.ContentType?.MediaType);
        }
    }

    /// <summary>Calls a new-API endpoint with the cached token; a refused token is refreshed and the call made once more.</summary>
    private async Task<JsonDocument> WithTokenAsync<TBody>(string operation, string path, TBody body, CancellationToken ct, HttpMethod? method = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var token = await Tokens.GetAsync(ct).ConfigureAwait(false);
            using var request = new HttpRequestMessage(method ?? HttpMethod.Post, _endpoints.Api(path)) { Content = JsonContent.Create(body) };
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
