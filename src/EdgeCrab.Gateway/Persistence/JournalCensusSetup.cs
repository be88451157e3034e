using Akka.Actor.Setup;

namespace EdgeCrab.Gateway.Persistence;

/// <summary>Hands the node's <see cref="JournalCensus"/> to its journal plugin, which Akka creates from configuration alone.</summary>
public sealed class JournalCensusSetup(JournalCensus census) : Setup
{
    public JournalCensus Census { get; } = census;
}
