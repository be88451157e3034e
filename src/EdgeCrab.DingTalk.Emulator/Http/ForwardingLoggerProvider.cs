using Microsoft.Extensions.Logging;

namespace EdgeCrab.DingTalk.Emulator.Http;

/// <summary>Hands the emulator's log entries to the factory its owner gave, so they land in the owner's sinks.</summary>
internal sealed class ForwardingLoggerProvider(ILoggerFactory target) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => target.CreateLogger(categoryName);

    // The owner disposes its factory.
    public void Dispose()
    {
    }
}
