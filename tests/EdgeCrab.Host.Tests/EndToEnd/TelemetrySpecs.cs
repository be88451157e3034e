using System.Diagnostics;
using OpenTelemetry.Trace;
using Xunit;

namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary>
/// Metrics and traces as an operator sees them: <c>/metrics</c> is OpenTelemetry's Prometheus exporter with the
/// gateway's own instruments moving, and one message's path is one trace, caught by OpenTelemetry's in-memory exporter.
/// </summary>
public sealed class TelemetrySpecs
{
    private static async Task<string> ScrapeAsync(GatewayUnderTest t)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        return await http.GetStringAsync(new Uri(t.App!.OperationsAddress!, "/metrics"));
    }

    [Fact]
    public async Task Metrics_should_be_served_by_the_OpenTelemetry_exporter_with_the_gateways_counters_moving()
    {
        await using var t = await GatewayUnderTest.StartAsync(s => s with { HttpPort = 0 });
        var before = await ScrapeAsync(t);
        Assert.Contains("target_info{service_name=\"edgecrab\"", before);
        Assert.Contains("otel_scope_name=\"EdgeCrab.Gateway\"", before);
        double Count(string text, string name, params string[] labels) => PrometheusText.Value(text, name, labels) ?? 0;

        await t.Control.DmAsync("cid-metrics", "manager001", "count me");
        await Eventually.Get(() => t.Control.RobotRepliesAsync("cid-metrics"), r => r.Count == 1, "the answer");

        // Counters are process-wide (other specs' gateways run beside this one): each must have moved by at least this message.
        // The callback is counted when its ack is decided, which can come after the answer went out: wait for both.
        var after = await Eventually.Get(() => ScrapeAsync(t),
            m => Count(m, "edgecrab_reply_chunks_total", "outcome=delivered") > Count(before, "edgecrab_reply_chunks_total", "outcome=delivered")
                && Count(m, "edgecrab_callbacks_total", "path=stream", "outcome=accepted") > Count(before, "edgecrab_callbacks_total", "path=stream", "outcome=accepted"),
            "a delivered chunk and an accepted callback counted");
        Assert.True(Count(after, "edgecrab_turns_total", "outcome=completed") > Count(before, "edgecrab_turns_total", "outcome=completed"));
        Assert.True(Count(after, "edgecrab_ack_duration_seconds_count", "path=stream") > Count(before, "edgecrab_ack_duration_seconds_count", "path=stream"));
        // Per-node series carry this node's address.
        Assert.True(Count(after, "edgecrab_sessions_live", t.NodeLabel()) >= 1);
        Assert.Equal(2000, Count(after, "edgecrab_callbacks_in_flight_limit", t.NodeLabel()));
        // The runtime's and ASP.NET Core's own instruments come with it.
        Assert.Contains("dotnet_gc_", after);
        Assert.Contains("http_server_request_duration_seconds", after);
    }

    [Fact]
    public async Task One_message_should_be_one_trace_from_callback_to_each_chunk_sent()
    {
        var spans = new List<Activity>();
        await using var t = await GatewayUnderTest.StartAsync(tracing: b => b.AddInMemoryExporter(spans));
        const string conversation = "cid-trace";
        // Long enough for two chunks, so the trace shows each send.
        var text = string.Join(' ', Enumerable.Repeat("word", 1600));

        await t.Control.DmAsync(conversation, "manager001", text);
        await Eventually.Get(() => t.Control.RobotRepliesAsync(conversation), r => r.Count >= 2, "the answer, in two chunks");

        Activity[] Snapshot()
        {
            lock (spans) return spans.ToArray();
        }
        var callback = await Eventually.Get(() => Task.FromResult(Snapshot().FirstOrDefault(s =>
            s.OperationName == "edgecrab.callback" && (string?)s.GetTagItem("edgecrab.conversation.id") == conversation)), s => s is not null, "the callback span");
        var trace = await Eventually.Get(() => Task.FromResult(Snapshot().Where(s => s.TraceId == callback!.TraceId).ToArray()),
            all => all.Count(s => s.OperationName == "edgecrab.send") >= 1 && all.Any(s => s.OperationName == "edgecrab.turn"), "the whole trace");

        Assert.Equal("stream", callback!.GetTagItem("edgecrab.intake.path"));
        Assert.Contains(callback.Events, e => e.Name == "acked");
        var persisted = Assert.Single(trace, s => s.OperationName == "edgecrab.persist");
        Assert.Equal(callback.SpanId, persisted.ParentSpanId);
        var turn = Assert.Single(trace, s => s.OperationName == "edgecrab.turn");
        Assert.Equal(callback.SpanId, turn.ParentSpanId);
        Assert.Equal("completed", turn.GetTagItem("edgecrab.turn.outcome"));
        var sends = trace.Where(s => s.OperationName == "edgecrab.send").ToArray();
        Assert.All(sends, send => Assert.Equal(turn.SpanId, send.ParentSpanId));
        Assert.All(sends, send => Assert.Equal("Delivered", send.GetTagItem("edgecrab.send.result")));
    }
}
