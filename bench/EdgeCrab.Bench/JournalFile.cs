using Microsoft.Data.Sqlite;

namespace EdgeCrab.Bench;

/// <summary>Reads a gateway's SQLite journal after a run: to check what was persisted, and to copy its table for the raw-SQLite ceiling.</summary>
internal static class JournalFile
{
    public const string Table = "event_journal"; // Akka.Persistence.Sql, table-mapping = sqlite

    public sealed record Column(string Name, string Type, bool IsKey);

    public static SqliteConnection OpenReadOnly(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection;
    }

    /// <summary>The journal's CREATE TABLE and CREATE INDEX statements, as the gateway's plugin made them.</summary>
    public static IReadOnlyList<string> Schema(string path)
    {
        using var connection = OpenReadOnly(path);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT sql FROM sqlite_master WHERE tbl_name = '{Table}' AND sql IS NOT NULL ORDER BY type DESC";
        using var reader = command.ExecuteReader();
        var statements = new List<string>();
        while (reader.Read()) statements.Add(reader.GetString(0));
        return statements;
    }

    public static IReadOnlyList<Column> Columns(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA table_info({Table})";
        using var reader = command.ExecuteReader();
        var columns = new List<Column>();
        while (reader.Read()) columns.Add(new Column(reader.GetString(1), reader.GetString(2), reader.GetInt32(5) > 0));
        return columns;
    }

    /// <summary>
    /// The start of a <c>Decided</c> row whose decision took a message in (with the turn it starts, usually): such a
    /// row stands for the message as a bare <c>MessageReceived</c> row does.
    /// </summary>
    public const string DecidedMessagePrefix = "{\"events\":[{\"$type\":\"MessageReceived\"";

    /// <summary>How many rows of the given conversations hold a received message (bare or in a decision), and their mean stored size.</summary>
    public static (long Rows, double MeanPayloadBytes) MessagesReceived(string path, string conversationPrefix)
    {
        using var connection = OpenReadOnly(path);
        var columns = Columns(connection);
        var payload = columns.First(c => c.Name.Contains("payload", StringComparison.OrdinalIgnoreCase)).Name;
        var pid = columns.First(c => c.Name.Contains("persistence", StringComparison.OrdinalIgnoreCase)).Name;
        var manifest = columns.First(c => c.Name.Contains("manifest", StringComparison.OrdinalIgnoreCase)).Name;
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*), COALESCE(AVG(LENGTH({payload})), 0) FROM {Table} WHERE ({manifest} = 'MessageReceived' OR ({manifest} = 'Decided' AND substr(CAST({payload} AS TEXT), 1, length($decided)) = $decided)) AND {pid} LIKE $prefix";
        command.Parameters.AddWithValue("$prefix", "dingtalk-" + conversationPrefix + "%");
        command.Parameters.AddWithValue("$decided", DecidedMessagePrefix);
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetDouble(1));
    }

    /// <summary>Every journal row of the run, whatever the event: the gateway writes more than one event per message.</summary>
    public static long RowsSince(string path, long afterOrdering)
    {
        using var connection = OpenReadOnly(path);
        var key = Columns(connection).First(c => c.IsKey).Name;
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {Table} WHERE {key} > {afterOrdering}";
        return (long)command.ExecuteScalar()!;
    }

    public static long LastOrdering(string path)
    {
        using var connection = OpenReadOnly(path);
        var key = Columns(connection).First(c => c.IsKey).Name;
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COALESCE(MAX({key}), 0) FROM {Table}";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The run's journal rows by event manifest, most first: what each answered message costs in rows.</summary>
    public static IReadOnlyList<(string Manifest, long Rows)> RowsByManifestSince(string path, long afterOrdering)
    {
        using var connection = OpenReadOnly(path);
        var columns = Columns(connection);
        var key = columns.First(c => c.IsKey).Name;
        var manifest = columns.First(c => c.Name.Contains("manifest", StringComparison.OrdinalIgnoreCase)).Name;
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {manifest}, COUNT(*) FROM {Table} WHERE {key} > {afterOrdering} GROUP BY {manifest} ORDER BY COUNT(*) DESC";
        using var reader = command.ExecuteReader();
        var rows = new List<(string, long)>();
        while (reader.Read()) rows.Add((reader.GetString(0), reader.GetInt64(1)));
        return rows;
    }
}
