using Microsoft.Extensions.Hosting;

namespace EdgeCrab.DingTalk.Emulator.Http;

/// <summary>
/// The emulator's host lifetime: it ignores Ctrl-C and SIGTERM. The emulator runs inside another program (the
/// gateway, a test run, <c>edgecrab emulator</c>) that owns those signals and stops the emulator by disposing it.
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
