using System.Text.Json;

namespace EdgeCrab.DingTalk.Emulator.Http;

/// <summary>A request body read as a JSON object, or the reason it could not be (too large, not JSON, not an object).</summary>
internal sealed record JsonBody(RequestObject? Object, int Status, string? Problem)
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    public bool IsValid => Object is not null;

    /// <summary>Reads at most <paramref name="maxBytes"/>; never throws on what the client sent.</summary>
    public static async Task<JsonBody> ReadAsync(HttpRequest request, int maxBytes)
    {
        byte[] bytes;
        try
        {
            var read = await ReadLimitedAsync(request, maxBytes).ConfigureAwait(false);
            if (read is null) return new JsonBody(null, 413, $"body exceeds {maxBytes} bytes");
            bytes = read;
        }
        catch (Exception e) when (e is BadHttpRequestException or IOException or OperationCanceledException)
        {
            return new JsonBody(null, 400, "body could not be read");
        }
        if (bytes.Length == 0) return new JsonBody(null, 400, "body is empty; a JSON object is expected");
        try
        {
            using var doc = JsonDocument.Parse(bytes, DocumentOptions);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                return new JsonBody(null, 400, "body is not a JSON object");
            return new JsonBody(new RequestObject(doc.RootElement.Clone()), 200, null);
        }
        catch (JsonException)
        {
            return new JsonBody(null, 400, "body is not valid JSON");
        }
    }

    private static async Task<byte[]?> ReadLimitedAsync(HttpRequest request, int maxBytes)
    {
        if (request.ContentLength > maxBytes) return null;
        using var collected = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int n;
        while ((n = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (collected.Length + n > maxBytes) return null;
            collected.Write(buffer, 0, n);
        }
        return collected.ToArray();
    }
}
