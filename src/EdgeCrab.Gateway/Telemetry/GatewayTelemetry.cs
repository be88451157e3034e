using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace EdgeCrab.Gateway.Telemetry;

/// <summary>
/// The gateway's meter and activity source, named <see cref="Name"/>: the host exports them with OpenTelemetry, and
/// nothing here knows of an exporter. Static, as .NET's own libraries keep theirs, because actors cannot take them
/// from a container. Counters count the whole process (one gateway in production); what describes one node's state
/// (live sessions, the journal, slots in use) carries a <c>node</c> tag, its cluster address, so that nodes sharing a
/// process (the tests' clusters) each read their own.
/// </summary>
public static class GatewayTelemetry
{
    /// <summary>The name of both the meter and the activity source (what an exporter subscribes to).</summary>
    public const string Name = "EdgeCrab.Gateway";

    /// <summary>Spans along one message's path: callback, persisted, turn, each chunk sent.</summary>
    public static readonly ActivitySource Source = new(Name);

    internal static readonly Meter Meter = new(Name);

    /// <summary>The tag naming the node (its cluster address) on per-node instruments.</summary>
    public const string NodeTag = "node";

    /// <summary>The value of <see cref="NodeTag"/> for <paramref name="system"/>'s node: its cluster address.</summary>
    public static string NodeName(Akka.Actor.ActorSystem system) => Akka.Cluster.Cluster.Get(system).SelfAddress.ToString();

    /// <summary>The <see cref="NodeTag"/> of <paramref name="system"/>'s node.</summary>
    public static KeyValuePair<string, object?> NodeOf(Akka.Actor.ActorSystem system) => new(NodeTag, NodeName(system));

    /// <summary>Robot callbacks taken in, by <c>path</c> (stream, http) and <c>outcome</c> (accepted, ignored, rejected, not_accepted).</summary>
    public static readonly Counter<long> Callbacks = Meter.CreateCounter<long>("edgecrab.callbacks", description: "Robot callbacks taken in, by intake path and outcome.");

    /// <summary>From taking a callback in to knowing whether it may be acked (its session's write included).</summary>
    public static readonly Histogram<double> AckDuration = Meter.CreateHistogram<double>("edgecrab.ack.duration", unit: "s",
        description: "Time from taking a robot callback in to deciding its ack (the session's journal write included).");

    /// <summary>Agent turns finished, by <c>outcome</c> (completed, failed).</summary>
    public static readonly Counter<long> Turns = Meter.CreateCounter<long>("edgecrab.turns", description: "Agent turns finished, by outcome.");

    /// <summary>How long the agent took, from getting a slot to its last token.</summary>
    public static readonly Histogram<double> TurnDuration = Meter.CreateHistogram<double>("edgecrab.turn.duration", unit: "s",
        description: "Time the agent took to answer a turn, from getting an agent slot to its last token.");

    /// <summary>Reply chunks the outbox finished with, by <c>outcome</c> (delivered, abandoned).</summary>
    public static readonly Counter<long> ReplyChunks = Meter.CreateCounter<long>("edgecrab.reply.chunks", description: "Reply chunks finished, by outcome.");

    /// <summary>Times a DingTalk stream connection of this node came up.</summary>
    /// <summary>
    /// DingTalk API calls made to answer (the monthly quota and the per-app QPS count these), by <c>route</c>
    /// (<c>sessionWebhook</c>, <c>robotApi</c>, <c>card</c>) and <c>call</c> (<c>send</c>, <c>open</c>, <c>live</c>,
    /// <c>final</c>, <c>close</c>); every attempt counts, refused or not.
    /// </summary>
    public static readonly Counter<long> DingTalkCalls = Meter.CreateCounter<long>("edgecrab.dingtalk.calls", description: "DingTalk API calls made to answer, by route and call.");

    /// <summary>Counts one DingTalk call made to answer (<see cref="DingTalkCalls"/>).</summary>
    public static void CountDingTalkCall(string route, string call) =>
        DingTalkCalls.Add(1, new KeyValuePair<string, object?>("route", route), new KeyValuePair<string, object?>("call", call));

    public static readonly Counter<long> StreamConnects = Meter.CreateCounter<long>("edgecrab.stream.connects", description: "Times this node's DingTalk stream connection came up.");

    /// <summary>Hook events dropped because the hook fell behind (its queue full), by <c>hook</c>.</summary>
    public static readonly Counter<long> HookEventsDropped = Meter.CreateCounter<long>("edgecrab.hook.events.dropped", description: "Hook events dropped because the hook fell behind.");

    /// <summary>Conversation sessions running, by <c>node</c> (up on start, down on stop).</summary>
    public static readonly UpDownCounter<long> LiveSessions = Meter.CreateUpDownCounter<long>("edgecrab.sessions.live", description: "Conversation sessions live on this node.");

    /// <summary>1 when the node's journal answered its last probe, else 0, by <c>node</c>.</summary>
    public static readonly Gauge<int> JournalAnswering = Meter.CreateGauge<int>("edgecrab.journal.answering", description: "1 when the journal answered its last probe, else 0.");
}
