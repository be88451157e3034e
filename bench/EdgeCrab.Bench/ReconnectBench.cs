using System.Diagnostics;
using EdgeCrab.Gateway.Connection;

namespace EdgeCrab.Bench;

/// <summary>
/// Reconnect: the emulator cuts the gateway's socket (no close frame), a person writes at once, and the clock runs
/// until that callback is delivered on the new connection (and until it is acked). Also DingTalk's rotation
/// (a SYSTEM <c>disconnect</c>, which the gateway answers make-before-break).
/// </summary>
internal static class ReconnectBench
{
    public static async Task RunAsync(Report report, bool quick)
    {
        // The production schedule (first retry after 1 s ±20 %), with only the reset window shortened so that each
        // trial starts from the first step instead of doubling.
        var connection = new ConnectionSettings { Backoff = ReconnectBackoff.Default with { ResetAfter = TimeSpan.FromSeconds(2) } };
        await using var rig = await GatewayRig.StartAsync(connection: connection);
        await IngestBench.WarmUpAsync(rig.Control, 50);
        var trials = quick ? 3 : 6;
        foreach (var fault in new[] { "dropConnections", "sendDisconnect" })
        {
            var delivered = new List<double>();
            var acked = new List<double>();
            for (var trial = 0; trial < trials; trial++)
            {
                await Task.Delay(TimeSpan.FromSeconds(3)); // past the reset window, with the connection settled
                await rig.Control.WaitForConnectionsAsync(1, TimeSpan.FromSeconds(30));
                var watch = Stopwatch.StartNew();
                await rig.Control.FaultAsync(new Dictionary<string, object> { [fault] = true });
                var msgId = await rig.Control.DirectMessageAsync($"cidReconnect{fault}{trial}", "are you there?");
                double? deliveredAt = null;
                while (watch.Elapsed < TimeSpan.FromSeconds(30))
                {
                    var state = await rig.Control.CallbackAsync(msgId);
                    if (state.Deliveries > 0) deliveredAt ??= watch.Elapsed.TotalMilliseconds;
                    if (state.Acked)
                    {
                        delivered.Add(deliveredAt!.Value);
                        acked.Add(watch.Elapsed.TotalMilliseconds);
                        break;
                    }
                    await Task.Delay(5);
                }
            }
            delivered.Sort();
            acked.Sort();
            var name = fault == "dropConnections" ? "socket dropped → next callback delivered" : "SYSTEM disconnect → next callback delivered";
            report.Add("reconnect", name + " (median, max)",
                $"{Format.Ms(LatencyBench.Percentile(delivered, 0.5))}, {Format.Ms(delivered.DefaultIfEmpty(double.NaN).Max())}",
                $"{delivered.Count}/{trials} trials; acked after median {Format.Ms(LatencyBench.Percentile(acked, 0.5))}"
                + (fault == "dropConnections" ? "; the backoff waits 0.8–1.2 s before reconnecting" : "; the new socket opens before the old one closes"));
        }
    }
}
