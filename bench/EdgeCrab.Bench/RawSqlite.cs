using System.Diagnostics;
using EdgeCrab.Gateway.Persistence;
using Microsoft.Data.Sqlite;

namespace EdgeCrab.Bench;

/// <summary>
/// The disk's ceiling for the ingest figures: the same number of rows, of the journal's own table and mean row size,
/// written straight into a fresh SQLite file opened exactly as the gateway opens its journal (WAL, the same connection
/// string, so the same <c>synchronous</c> default) — one commit per row, and in transactions of the journal's batch size.
/// </summary>
internal static class RawSqlite
{
    public const int BatchSize = 100; // hocon/persistence.sqlite.conf: batch-size

    public sealed record Result(double PerRowPerSecond, double BatchedPerSecond, string Pragmas);

    public static Result Run(IReadOnlyList<string> schema, int rows, int conversations, int payloadBytes)
    {
        var folder = Path.Combine(Path.GetTempPath(), "edgecrab-bench", "raw-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var perRow = Insert(Path.Combine(folder, "per-row.db"), schema, rows, conversations, payloadBytes, 1, out var pragmas);
            var batched = Insert(Path.Combine(folder, "batched.db"), schema, rows, conversations, payloadBytes, BatchSize, out _);
            return new Result(perRow, batched, pragmas);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    private static double Insert(string path, IReadOnlyList<string> schema, int rows, int conversations, int payloadBytes, int batch, out string pragmas)
    {
        SqliteJournalFile.Prepare(path);
        using var connection = new SqliteConnection(new JournalBackend.Sqlite(path).ConnectionString);
        connection.Open();
        pragmas = $"journal_mode={Scalar(connection, "PRAGMA journal_mode")}, synchronous={Synchronous(Scalar(connection, "PRAGMA synchronous"))}";
        foreach (var statement in schema)
        {
            using var create = connection.CreateCommand();
            create.CommandText = statement;
            create.ExecuteNonQuery();
        }
        var columns = JournalFile.Columns(connection).Where(c => !c.IsKey).ToArray();
        using var insert = connection.CreateCommand();
        insert.CommandText = $"INSERT INTO {JournalFile.Table} ({string.Join(", ", columns.Select(c => c.Name))}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
        var parameters = columns.Select((c, i) => insert.Parameters.Add(new SqliteParameter("$p" + i, null))).ToArray();
        var payload = new byte[payloadBytes];
        Random.Shared.NextBytes(payload);
        var sequence = new long[conversations];
        var writer = Guid.NewGuid().ToString();

        var watch = Stopwatch.StartNew();
        SqliteTransaction? transaction = null;
        for (var n = 0; n < rows; n++)
        {
            if (batch > 1 && n % batch == 0)
            {
                transaction?.Commit();
                transaction?.Dispose();
                transaction = connection.BeginTransaction();
                insert.Transaction = transaction;
            }
            var conversation = n % conversations;
            var sequenceNr = ++sequence[conversation];
            for (var i = 0; i < columns.Length; i++)
                parameters[i].Value = ValueFor(columns[i], conversation, sequenceNr, payload, writer);
            insert.ExecuteNonQuery();
        }
        transaction?.Commit();
        transaction?.Dispose();
        return rows / watch.Elapsed.TotalSeconds;
    }

    private static object ValueFor(JournalFile.Column column, int conversation, long sequenceNr, byte[] payload, string writer)
    {
        var name = column.Name.ToLowerInvariant();
        if (name.Contains("payload")) return payload;
        if (name.Contains("persistence")) return $"dingtalk-cidRaw{conversation}";
        if (name.Contains("sequence")) return sequenceNr;
        if (name.Contains("manifest")) return "MessageReceived";
        if (name.Contains("writer")) return writer;
        if (name.Contains("serializer")) return 4711;
        if (name.Contains("created") || name.Contains("timestamp")) return DateTime.UtcNow.Ticks;
        if (name.Contains("deleted")) return 0;
        return column.Type.Contains("INT", StringComparison.OrdinalIgnoreCase) ? 0 : DBNull.Value;
    }

    private static string Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "?";
    }

    private static string Synchronous(string value) => value switch
    {
        "0" => "OFF",
        "1" => "NORMAL",
        "2" => "FULL",
        "3" => "EXTRA",
        _ => value,
    };
}
