using System.Collections.Immutable;
using Akka.Persistence.Journal;

namespace EdgeCrab.Gateway.Sessions;

/// <summary>
/// The tag every session row carries: whether the session has work (a turn, queued messages, unsent chunks, held
/// commands) once that row is applied. A session's last row therefore says whether a crash left it work to finish,
/// and <see cref="PendingWork"/> reads that from the journal instead of keeping a registry of its own.
/// </summary>
/// <remarks>
/// Written into the row's own <c>tags</c> column (<c>tag-write-mode = Csv</c>, as <c>;busy;</c> or <c>;idle;</c>), so a
/// tag costs no row. Rows written before tags have none: <see cref="PendingWork"/> still reads the registry those
/// versions kept for them.
/// </remarks>
public static class WorkTag
{
    public const string Busy = "busy";
    public const string Idle = "idle";

    // One set each, shared by every row: Akka's Tagged copies any other enumerable into a new set per row.
    private static readonly IImmutableSet<string> BusySet = ImmutableHashSet.Create(Busy);
    private static readonly IImmutableSet<string> IdleSet = ImmutableHashSet.Create(Idle);

    /// <summary>The row to persist for <paramref name="payload"/>, tagged by the state it leaves the session in.</summary>
    public static Tagged Row(object payload, bool hasWork) => new(payload, hasWork ? BusySet : IdleSet);
}
