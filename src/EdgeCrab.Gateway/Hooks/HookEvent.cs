using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeCrab.Gateway.Hooks;

/// <summary>
/// One event as a handler reads it on stdin, in EdgeCrab's shape:
/// <c>{"event", "session_id", "user_id", "platform": "dingtalk", "fields": {…}}</c>.
/// </summary>
/// <param name="SessionId">The conversation id (a group and a DM are separate sessions); null for gateway events.</param>
/// <param name="UserId">The sender's staff id, when a person caused the event.</param>
public sealed record HookEvent(string Event, string? SessionId, string? UserId, IReadOnlyDictionary<string, object?> Fields)
{
    public const string Platform = "dingtalk";

    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The JSON object written to the handler's stdin.</summary>
    public string ToJson() => JsonSerializer.Serialize(new Wire(Event, SessionId, UserId, Platform, Fields), Json);

    private sealed record Wire(
        [property: JsonPropertyName("event")] string Event,
        [property: JsonPropertyName("session_id")] string? SessionId,
        [property: JsonPropertyName("user_id")] string? UserId,
        [property: JsonPropertyName("platform")] string Platform,
        [property: JsonPropertyName("fields")] IReadOnlyDictionary<string, object?> Fields);
}
