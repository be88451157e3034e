using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Serialization;
using EdgeCrab.Gateway.Connection;
using EdgeCrab.Gateway.Sessions;
using EdgeCrab.Gateway.Sessions.Events;

namespace EdgeCrab.Gateway.Serialization;

/// <summary>
/// Serializes every <see cref="IGatewayMessage"/> as System.Text.Json with a short, stable manifest per type, so the
/// journal holds readable JSON that a later version can still read. Bound in hocon/gateway.conf.
/// </summary>
public sealed class GatewayJsonSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 4711;

    /// <summary>Every serializable type and its manifest. A manifest is forever: rename the type, never the string.</summary>
    public static readonly IReadOnlyDictionary<string, Type> Manifests = new Dictionary<string, Type>
    {
        ["MessageReceived"] = typeof(MessageReceived),
        ["TurnStarted"] = typeof(TurnStarted),
        ["AnswerCompleted"] = typeof(AnswerCompleted),
        ["TurnStopped"] = typeof(TurnStopped),
        ["TurnFailed"] = typeof(TurnFailed),
        ["TurnInterrupted"] = typeof(TurnInterrupted),
        ["QueueCleared"] = typeof(QueueCleared),
        ["HistoryCleared"] = typeof(HistoryCleared),
        ["ReplyQueued"] = typeof(ReplyQueued),
        ["ReplyChunkDelivered"] = typeof(ReplyChunkDelivered),
        ["ReplyChunkAbandoned"] = typeof(ReplyChunkAbandoned),
        ["ReplyPartUndelivered"] = typeof(ReplyPartUndelivered),
        ["SessionSnapshot"] = typeof(SessionSnapshot),
        ["SessionBecameBusy"] = typeof(SessionBecameBusy),
        ["SessionBecameIdle"] = typeof(SessionBecameIdle),
        ["PendingWorkSnapshot"] = typeof(PendingWorkSnapshot),
        ["MarkBusy"] = typeof(PendingWorkProtocol.MarkBusy),
        ["BusyRecorded"] = typeof(PendingWorkProtocol.BusyRecorded),
        ["MarkIdle"] = typeof(PendingWorkProtocol.MarkIdle),
        ["Wake"] = typeof(PendingWorkProtocol.Wake),
        ["StopSession"] = typeof(ConversationSessionProtocol.StopSession),
        ["Deliver"] = typeof(ConversationSessionProtocol.Deliver),
        ["Accepted"] = typeof(ConversationSessionProtocol.Accepted),
        ["InboundMessage"] = typeof(InboundMessage),
        ["ReplyTarget"] = typeof(ReplyTarget),
        ["HistoryEntry"] = typeof(HistoryEntry),
        ["RunningTurn"] = typeof(RunningTurn),
        ["PendingChunk"] = typeof(PendingChunk),
        ["ConnectionStatus"] = typeof(DingTalkConnectionProtocol.ConnectionStatus),
        ["ConnectionStatusReply"] = typeof(DingTalkConnectionProtocol.ConnectionStatusReply),
    };

    private static readonly Dictionary<Type, string> ManifestByType = Manifests.ToDictionary(p => p.Value, p => p.Key);

    internal static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public override int Identifier => SerializerId;

    public override string Manifest(object o) =>
        ManifestByType.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new ArgumentException($"{o.GetType()} has no manifest in {nameof(GatewayJsonSerializer)}; add one to {nameof(Manifests)}");

    public override byte[] ToBinary(object obj)
    {
        Manifest(obj); // fails loudly for a type nobody registered, before anything is stored
        return JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Options);
    }

    public override object FromBinary(byte[] bytes, string manifest) =>
        Manifests.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, Options) ?? throw new JsonException($"'{manifest}' deserialized to null")
            : throw new System.Runtime.Serialization.SerializationException($"unknown manifest '{manifest}'");
}
