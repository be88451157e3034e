using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using EdgeCrab.Gateway.Agent;
using EdgeCrab.Gateway.Connection;

namespace EdgeCrab.Gateway.Telemetry;

/// <summary>
/// The gauges read off a node's shared bounds (agent slots, callback slots) when an exporter collects, one series per
/// node registered in this process. A node registers once its cluster address is known and unregisters on stop.
/// </summary>
public static class NodeGauges
{
    private static readonly ConcurrentDictionary<string, (AgentSlots Agent, CallbackSlots Callbacks)> Nodes = new();

    static NodeGauges()
    {
        var meter = GatewayTelemetry.Meter;
        meter.CreateObservableGauge("edgecrab.agent.turns.running", () => Read(n => n.Agent.Running),
            description: "Turns whose agent request is in flight (at most EDGECRAB_MAX_CONCURRENT_TURNS).");
        meter.CreateObservableGauge("edgecrab.agent.turns.waiting", () => Read(n => n.Agent.Waiting),
            description: "Turns queued for a free agent slot.");
        meter.CreateObservableGauge("edgecrab.callbacks.in_flight", () => Read(n => n.Callbacks.InUse),
            description: "Robot callbacks taken in and not yet acked, refused or given up on (stream and HTTP).");
        meter.CreateObservableGauge("edgecrab.callbacks.in_flight_limit", () => Read(n => n.Callbacks.Limit),
            description: "EDGECRAB_MAX_CALLBACKS_IN_FLIGHT: past it the stream stops reading and HTTP callbacks get 503.");
    }

    /// <summary>Reports <paramref name="agent"/> and <paramref name="callbacks"/> under <paramref name="system"/>'s node until the returned handle is disposed.</summary>
    public static IDisposable Register(Akka.Actor.ActorSystem system, AgentSlots agent, CallbackSlots callbacks)
    {
        var node = GatewayTelemetry.NodeName(system);
        Nodes[node] = (agent, callbacks);
        return new Registration(node);
    }

    private static IEnumerable<Measurement<long>> Read(Func<(AgentSlots Agent, CallbackSlots Callbacks), long> value) =>
        Nodes.Select(node => new Measurement<long>(value(node.Value), new KeyValuePair<string, object?>(GatewayTelemetry.NodeTag, node.Key)));

    private sealed class Registration(string node) : IDisposable
    {
        public void Dispose() => Nodes.TryRemove(node, out _);
    }
}
