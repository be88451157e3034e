using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Akka.Actor;
using Akka.Serialization;
using EdgeCrab.Gateway.Connection;
using EdgeCrab.Gateway.Sessions;
using EdgeCrab.Gateway.Sessions.Events;

namespace EdgeCrab.Gateway.Serialization;

/// <summary>
/// Serializes every <see cref="IGatewayMessage"/> as System.Text.Json with a short, stable manifest per type, so the
/// journal holds readable JSON that a later version can still read. Bound, and given its id, in hocon/gateway.conf
/// only: Akka's base class reads the id from <c>akka.actor.serialization-identifiers</c>.
/// </summary>
public sealed class GatewayJsonSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
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
        ["CommandVetted"] = typeof(CommandVetted),
        ["CardOpened"] = typeof(CardOpened),
        ["CardRefused"] = typeof(CardRefused),
        ["Decided"] = typeof(Decided),
        ["PressCardButton"] = typeof(ConversationSessionProtocol.PressCardButton),
        ["ButtonTaken"] = typeof(ConversationSessionProtocol.ButtonTaken),
        ["SessionSnapshot"] = typeof(SessionSnapshot),
        ["SessionBecameBusy"] = typeof(SessionBecameBusy),
        ["SessionBecameIdle"] = typeof(SessionBecameIdle),
        ["PendingWorkChanged"] = typeof(PendingWorkChanged),
        ["PendingWorkSnapshot"] = typeof(PendingWorkSnapshot),
        ["Wake"] = typeof(PendingWorkProtocol.Wake),
        ["NothingPending"] = typeof(PendingWorkProtocol.NothingPending),
        ["MarkBusy"] = typeof(PendingWorkProtocol.MarkBusy),
        ["BusyRecorded"] = typeof(PendingWorkProtocol.BusyRecorded),
        ["MarkIdle"] = typeof(PendingWorkProtocol.MarkIdle),
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
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { StoreOnlyWhatMakesTheMessage, NameEachSessionEventByItsManifest } },
    };

    public override string Manifest(object o) =>
        ManifestByType.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new ArgumentException($"{o.GetType()} has no manifest in {nameof(GatewayJsonSerializer)}; add one to {nameof(Manifests)}");

    public override byte[] ToBinary(object obj)
    {
        Manifest(obj); // fails loudly for a type nobody registered, before anything is stored
        return JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Options);
    }

    /// <summary>
    /// What is stored is what a message is made of: the values its constructor takes and its init properties. A property
    /// with neither is computed from those (<c>InboundMessage.Session</c>, <c>PendingChunk.Id</c>), so it is never
    /// written and adding one cannot change the journal's format. (<c>IgnoreReadOnlyProperties</c> would also drop a
    /// get-only property its constructor sets, silently.) Reading skips names it does not know, such as those
    /// journals written before this held.
    /// </summary>
    private static void StoreOnlyWhatMakesTheMessage(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object) return;
        for (var i = type.Properties.Count - 1; i >= 0; i--)
            if (type.Properties[i] is { Set: null, AssociatedParameter: null }) type.Properties.RemoveAt(i);
    }

    /// <summary>
    /// A session event inside another message (<see cref="Decided"/>) is written with its manifest as <c>$type</c>, the
    /// same string its own row would carry, so the one list of manifests names events wherever they are stored.
    /// </summary>
    private static void NameEachSessionEventByItsManifest(JsonTypeInfo type)
    {
        if (type.Type != typeof(ISessionEvent)) return;
        type.PolymorphismOptions = new JsonPolymorphismOptions { UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization };
        foreach (var (manifest, derived) in Manifests.Where(p => p.Value.IsAssignableTo(typeof(ISessionEvent))))
            type.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(derived, manifest));
    }

    public override object FromBinary(byte[] bytes, string manifest) =>
        Manifests.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, Options) ?? throw new JsonException($"'{manifest}' deserialized to null")
            : throw new System.Runtime.Serialization.SerializationException($"unknown manifest '{manifest}'");
}
