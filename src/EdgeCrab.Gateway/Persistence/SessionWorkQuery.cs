using System.Data.Common;
using Akka.Configuration;
using EdgeCrab.Gateway.Sessions;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace EdgeCrab.Gateway.Persistence;

/// <summary>
/// Reads from the journal which conversations have unfinished work: those whose session's last row is tagged
/// <see cref="WorkTag.Busy"/>. One query, a few index seeks per conversation; what <see cref="PendingWork"/> wakes
/// at start-up and when a cluster member leaves.
/// </summary>
/// <remarks>
/// Akka.Persistence.Query has no "last event of every id", so this is SQL of our own against Akka.Persistence.Sql's
/// tables, as the two table mappings <c>hocon/</c> chooses lay them out (<c>sqlite</c> and <c>postgresql</c>: the same
/// table and column names). A journal that is not SQL (the in-memory one of fault specs) has nothing to read after a
/// restart: <see cref="None"/>.
/// </remarks>
public sealed class SessionWorkQuery
{
    private const string JournalPlugin = "akka.persistence.journal.sql";

    // A skip-scan: each next persistence id is one seek in the (persistence id, sequence number) index, and so is each
    // id's last row, so the read costs a few seeks per conversation however many rows each has. A GROUP BY over the
    // same index reads every row's entry instead: equal at ten rows a conversation, ten times slower at 300
    // (bench/README.md, issue 14, ninth round). The walk starts at the sessions' prefix and filters by it at the end.
    private static readonly string Sql = $"""
        WITH RECURSIVE ids(pid) AS (
          SELECT MIN(persistence_id) FROM event_journal WHERE persistence_id >= @start
          UNION ALL
          SELECT (SELECT MIN(persistence_id) FROM event_journal WHERE persistence_id > ids.pid) FROM ids WHERE ids.pid IS NOT NULL
        )
        SELECT j.persistence_id FROM ids
        JOIN event_journal j ON j.persistence_id = ids.pid
          AND j.sequence_nr = (SELECT MAX(sequence_nr) FROM event_journal WHERE persistence_id = ids.pid)
        WHERE ids.pid LIKE @prefix AND j.tags LIKE '%;{WorkTag.Busy};%'
        """;

    private readonly Func<DbConnection>? _connect;

    private SessionWorkQuery(Func<DbConnection>? connect) => _connect = connect;

    /// <summary>No SQL journal to read: nobody is woken.</summary>
    public static SessionWorkQuery None { get; } = new(null);

    /// <summary>Over the journal the actor system's configuration names, or <see cref="None"/> when it is not SQL.</summary>
    public static SessionWorkQuery For(Config config)
    {
        if (config.GetString("akka.persistence.journal.plugin") != JournalPlugin) return None;
        var connectionString = config.GetString(JournalPlugin + ".connection-string");
        var provider = config.GetString(JournalPlugin + ".provider-name") ?? "";
        if (string.IsNullOrEmpty(connectionString)) return None;
        return provider.StartsWith("SQLite", StringComparison.OrdinalIgnoreCase) ? new(() => new SqliteConnection(connectionString))
            : provider.StartsWith("PostgreSQL", StringComparison.OrdinalIgnoreCase) ? new(() => new NpgsqlConnection(connectionString))
            : None;
    }

    public bool CanRead => _connect is not null;

    /// <summary>The conversations whose last row says they have work.</summary>
    public async Task<IReadOnlyList<string>> BusyConversationsAsync(CancellationToken cancellationToken)
    {
        if (_connect is null) return [];
        await using var connection = _connect();
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = Sql;
        // A cold read of a large journal takes seconds; the caller bounds the whole read.
        command.CommandTimeout = 0;
        command.AddParameter("@start", SessionKey.Prefix);
        command.AddParameter("@prefix", SessionKey.Prefix + "%");
        var busy = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            if (SessionKey.FromPersistenceId(reader.GetString(0)) is { } key) busy.Add(key.ConversationId);
        return busy;
    }
}
