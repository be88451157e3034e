using System.Net;
using System.Text.Json;
using Xunit;

namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary>
/// The operations port as a load balancer or Kubernetes reads it: <c>/healthz</c> says the process lives,
/// <c>/readyz</c> says whether the node can do its work (member Up, stream connected, journal answering), and each of
/// the two ports answers only its own routes.
/// </summary>
public sealed class OperationsEndpointSpecs
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(Uri address, string path)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        using var response = await http.GetAsync(new Uri(address, path));
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static string Check(JsonElement body, string name) => body.GetProperty("checks").GetProperty(name).GetProperty("status").GetString()!;

    [Fact]
    public async Task Readyz_should_follow_the_stream_connection_while_healthz_stays_live()
    {
        await using var t = await GatewayUnderTest.StartAsync(s => s with { HttpPort = 0 });
        var ops = t.App!.OperationsAddress!;

        var (status, ready) = await Eventually.Get(() => GetAsync(ops, "/readyz"), r => r.Status == HttpStatusCode.OK, "ready");
        Assert.Equal("healthy", ready.GetProperty("status").GetString());
        Assert.Equal("healthy", Check(ready, "akka.cluster.join"));
        Assert.Equal("healthy", Check(ready, "dingtalk.stream"));
        Assert.Equal("healthy", Check(ready, "journal"));

        // DingTalk drops the socket and refuses every new one for now.
        await t.Control.FaultAsync(new { rejectConnectionsNext = 1000, dropConnections = true });
        (status, ready) = await Eventually.Get(() => GetAsync(ops, "/readyz"), r => r.Status == HttpStatusCode.ServiceUnavailable, "not ready while the stream is down");
        Assert.Equal("unhealthy", Check(ready, "dingtalk.stream"));
        var (liveStatus, live) = await GetAsync(ops, "/healthz");
        Assert.Equal(HttpStatusCode.OK, liveStatus);
        Assert.Equal("healthy", Check(live, "akka.actorsystem"));
        Assert.False(live.GetProperty("checks").TryGetProperty("dingtalk.stream", out _), "liveness does not depend on DingTalk");

        await t.Control.FaultAsync(new { rejectConnectionsNext = 0 });
        (status, _) = await Eventually.Get(() => GetAsync(ops, "/readyz"), r => r.Status == HttpStatusCode.OK, "ready again once the stream reconnects",
            TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Each_port_should_answer_only_its_own_routes()
    {
        await using var t = await GatewayUnderTest.StartAsync(s => s with { HttpPort = 0, WebhookPort = 0 });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        var ops = t.App!.OperationsAddress!;
        var callbacks = t.App.CallbackAddress!;
        Assert.NotEqual(ops.Port, callbacks.Port);

        // DingTalk's side of the gateway never shows its operations...
        foreach (var path in new[] { "/healthz", "/readyz", "/metrics", "/cluster" })
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(callbacks, path))).StatusCode);
        // ...and the operations port takes no callbacks.
        using var onOps = await http.PostAsync(new Uri(ops, "/dingtalk/callback"), new StringContent("{}"));
        Assert.Equal(HttpStatusCode.NotFound, onOps.StatusCode);
        // Each serves its own: an unsigned callback is refused by the callback endpoint itself.
        using var unsigned = await http.PostAsync(new Uri(callbacks, "/dingtalk/callback"), new StringContent("{}"));
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(ops, "/healthz"))).StatusCode);
    }
}
