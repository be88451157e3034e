using System.Data.Common;
using LinqToDB.Interceptors;

namespace EdgeCrab.Gateway.Persistence;

/// <summary>
/// Moves every SQLite operation of the journal, snapshot store and read journal off the thread that asked for it.
/// Microsoft.Data.Sqlite's async methods run synchronously, so without this Akka.Persistence.Sql's write stream
/// runs each batch, fsync included, on the stream's own thread: while it writes, no new write joins the queue, and
/// batches shrink to a row or two (measured: 2 rows a commit in a burst into thousands of conversations, against
/// 100 allowed). Likewise each recovery's reads ran inside the journal's and the snapshot store's single actors.
/// Yielding as the connection opens makes each operation a real asynchronous one, run on the thread pool.
/// </summary>
public sealed class SqliteOffThreadInterceptor : ConnectionInterceptor
{
    public static SqliteOffThreadInterceptor Instance { get; } = new();

    private SqliteOffThreadInterceptor()
    {
    }

    public override async Task ConnectionOpeningAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken) =>
        await Task.Yield();
}
