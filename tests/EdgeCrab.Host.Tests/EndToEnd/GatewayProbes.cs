using System.Globalization;
using System.Text;
using Akka.Actor;
using EdgeCrab.DingTalk.Security;
using EdgeCrab.Gateway;
using EdgeCrab.Gateway.Connection;
using EdgeCrab.Gateway.Telemetry;

namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary>What the intake specs read from a running gateway: its connect count, its /metrics gauges, and signed HTTP callbacks.</summary>
internal static class GatewayProbes
{
    /// <summary>How many times the gateway's stream connection came up.</summary>
    public static async Task<int> ConnectsAsync(this GatewayUnderTest t)
    {
        var connection = t.App!.Registry.Get<DingTalkConnectionKey>();
        var reply = await connection.Ask<DingTalkConnectionProtocol.ConnectionStatusReply>(DingTalkConnectionProtocol.ConnectionStatus.Instance, TimeSpan.FromSeconds(5));
        return reply.Connects;
    }

    /// <summary>This gateway's own series of a gauge from its /metrics (EDGECRAB_HTTP_PORT must be set).</summary>
    public static async Task<double> GaugeAsync(HttpClient http, GatewayUnderTest t, string name)
    {
        var text = await http.GetStringAsync(new Uri(t.App!.OperationsAddress!, "/metrics"));
        return PrometheusText.Value(text, name, t.NodeLabel()) ?? throw new InvalidOperationException($"/metrics has no {name} for {t.NodeLabel()}");
    }

    /// <summary>The <c>node</c> label of this gateway's per-node series (gateways in one test process share the meter).</summary>
    public static string NodeLabel(this GatewayUnderTest t) => $"{GatewayTelemetry.NodeTag}={GatewayTelemetry.NodeName(t.App!.System)}";

    /// <summary>POSTs <paramref name="body"/> to the gateway's HTTP callback, signed as DingTalk signs it for <paramref name="timestampMs"/>.</summary>
    public static async Task<int> PostSignedAsync(HttpClient http, GatewayUnderTest t, string body, long timestampMs, string? sign = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(t.App!.CallbackAddress!, "/dingtalk/callback"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("timestamp", timestampMs.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("sign", sign ?? new CallbackSignature(t.Emulator.Credentials.AppSecret).Sign(timestampMs));
        using var response = await http.SendAsync(request);
        return (int)response.StatusCode;
    }

    public static int Occurrences(this string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
