using System.Text;
using System.Text.Json;
using EdgeCrab.DingTalk.Security;

namespace EdgeCrab.DingTalk.Rest;

/// <summary>One DingTalk HTTP exchange: send, read the body, classify errors, and turn transport failures into typed errors.</summary>
internal sealed class DingTalkHttp(HttpClient http, SecretRedactor redactor)
{
    /// <summary>DingTalk answers bodies of a few KiB; anything far larger is not DingTalk.</summary>
    private const int MaxResponseBytes = 1024 * 1024;

    public SecretRedactor Redactor => redactor;

    /// <summary>The client itself, for a plain download (a file's pre-signed URL: no DingTalk error body to read).</summary>
    public HttpClient Client => http;

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>Sends and returns the parsed success body; throws <see cref="DingTalkApiException"/> on any failure.</summary>
    public async Task<JsonDocument> SendAsync(string operation, HttpRequestMessage request, CancellationToken ct)
    {
        request.Headers.Accept.ParseAdd("application/json");
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new DingTalkApiException(DingTalkErrorKind.Timeout, operation, "no answer within the HTTP timeout");
        }
        catch (HttpRequestException e)
        {
            // The exception text can include the URL (and with it a webhook's session token): keep only the kind.
            throw new DingTalkApiException(DingTalkErrorKind.Unreachable, operation, $"could not reach DingTalk ({e.HttpRequestError})");
        }

        using (response)
        {
            string body;
            try
            {
                body = await ReadBodyAsync(response, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new DingTalkApiException(DingTalkErrorKind.Timeout, operation, "response body not received within the HTTP timeout");
            }
            catch (HttpRequestException e)
            {
                throw new DingTalkApiException(DingTalkErrorKind.Unreachable, operation, $"connection lost while reading the answer ({e.HttpRequestError})");
            }

            if (DingTalkErrorClassifier.Classify(operation, response.StatusCode, body, redactor) is { } error)
                throw error;
            try
            {
                return JsonDocument.Parse(string.IsNullOrWhiteSpace(body) ? "{}" : body);
            }
            catch (JsonException)
            {
                throw new DingTalkApiException(DingTalkErrorKind.BadResponse, operation, "the answer is not JSON", (int)response.StatusCode);
            }
        }
    }

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.Content.Headers.ContentLength > MaxResponseBytes)
            return "";
        await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        var buffer = new byte[16 * 1024];
        using var collected = new MemoryStream();
        int read;
        while ((read = await stream.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            if (collected.Length + read > MaxResponseBytes) return "";
            collected.Write(buffer, 0, read);
        }
        return Encoding.UTF8.GetString(collected.GetBuffer(), 0, (int)collected.Length);
    }

    public static string? String(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static long? Number(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

    public static IReadOnlyList<string> Strings(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToArray()
            : [];
}
