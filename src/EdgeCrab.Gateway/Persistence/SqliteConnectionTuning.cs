using System.Data.Common;
using LinqToDB.Interceptors;

namespace EdgeCrab.Gateway.Persistence;

/// <summary>
/// How the journal, snapshot store and read journal use their SQLite connections, set as each connection opens.
/// </summary>
/// <remarks>
/// <para>
/// Off the caller's thread: Microsoft.Data.Sqlite's async methods run synchronously, so without a yield
/// Akka.Persistence.Sql's write stream ran each batch, fsync included, on the stream's own thread: while it wrote, no
/// new write joined the queue, and batches shrank to a row or two (measured: 2 rows a commit in a burst into thousands
/// of conversations, against 100 allowed). Each recovery's reads ran inside the journal's and the snapshot store's
/// single actors likewise. Yielding as the connection opens makes each operation a real asynchronous one.
/// </para>
/// <para>
/// SQLite's own busy wait: on a locked database Microsoft.Data.Sqlite sleeps 150 ms before trying again, so a snapshot
/// save that met the journal's write lock cost a whole 150 ms (the ack p95/p99 at half load were multiples of it).
/// <c>busy_timeout</c> makes SQLite wait itself, in steps of a few milliseconds, up to the connection's 30 s.
/// </para>
/// </remarks>
public sealed class SqliteConnectionTuning : ConnectionInterceptor
{
    public static SqliteConnectionTuning Instance { get; } = new();

    private const string BusyTimeout = "PRAGMA busy_timeout = 30000;";

    private SqliteConnectionTuning()
    {
    }

    public override async Task ConnectionOpeningAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken) =>
        await Task.Yield();

    public override async Task ConnectionOpenedAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = BusyTimeout;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void ConnectionOpened(ConnectionEventData eventData, DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = BusyTimeout;
        command.ExecuteNonQuery();
    }
}
