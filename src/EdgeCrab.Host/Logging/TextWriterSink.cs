using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace EdgeCrab.Host.Logging;

/// <summary>Writes formatted events to a <see cref="TextWriter"/>: the console stand-in for tests and embedders (Serilog's core has none).</summary>
internal sealed class TextWriterSink(TextWriter writer, ITextFormatter formatter) : ILogEventSink
{
    private readonly Lock _gate = new();

    public void Emit(LogEvent logEvent)
    {
        lock (_gate)
        {
            formatter.Format(logEvent, writer);
            writer.Flush();
        }
    }
}
