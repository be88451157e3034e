using EdgeCrab.Host.Runtime;

namespace EdgeCrab.Bench;

/// <summary>Stops a gateway the bench started as Ctrl-C would, giving up on the graceful part after 30 s.</summary>
internal static class GatewayStop
{
    public static async Task GracefullyAsync(GatewayApp app)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await app.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
        }
        await app.DisposeAsync();
    }
}
