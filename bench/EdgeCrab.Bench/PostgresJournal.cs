using Npgsql;

namespace EdgeCrab.Bench;

/// <summary>
/// A fresh PostgreSQL database for one bench scenario (dropped afterwards), and the same reads of its journal that
/// <see cref="JournalFile"/> makes of a SQLite one (Akka.Persistence.Sql's postgresql table mapping).
/// </summary>
internal sealed class PostgresJournal : IAsyncDisposable
{
    /// <summary>The server to create the databases on (e.g. what tests/postgres/start.sh prints).</summary>
    public const string Variable = "EDGECRAB_BENCH_POSTGRES";

    private readonly string _server;
    private readonly string _name = "edgecrab_bench_" + Guid.NewGuid().ToString("N")[..12];

    private PostgresJournal(string server) => _server = server;

    public string ConnectionString => new NpgsqlConnectionStringBuilder(_server) { Database = _name }.ConnectionString;

    public static async Task<PostgresJournal> CreateAsync(string server)
    {
        var journal = new PostgresJournal(server);
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {journal._name}", connection);
        await create.ExecuteNonQueryAsync();
        return journal;
    }

    public long LastOrdering() => Scalar("SELECT COALESCE(MAX(ordering), 0) FROM event_journal");

    public long RowsSince(long afterOrdering) => Scalar($"SELECT COUNT(*) FROM event_journal WHERE ordering > {afterOrdering}");

    /// <summary>How many rows of the given conversations hold a received message (bare or in a decision), and their mean stored size.</summary>
    public (long Rows, double MeanPayloadBytes) MessagesReceived(string conversationPrefix)
    {
        using var connection = Open();
        using var command = new NpgsqlCommand(
            "SELECT COUNT(*), COALESCE(AVG(OCTET_LENGTH(payload)), 0) FROM event_journal WHERE (manifest = 'MessageReceived' OR (manifest = 'Decided' AND starts_with(convert_from(payload, 'UTF8'), @decided))) AND persistence_id LIKE @prefix", connection);
        command.Parameters.AddWithValue("prefix", "dingtalk-" + conversationPrefix + "%");
        command.Parameters.AddWithValue("decided", JournalFile.DecidedMessagePrefix);
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), Convert.ToDouble(reader.GetValue(1)));
    }

    private long Scalar(string sql)
    {
        using var connection = Open();
        using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(command.ExecuteScalar());
    }

    private NpgsqlConnection Open()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
