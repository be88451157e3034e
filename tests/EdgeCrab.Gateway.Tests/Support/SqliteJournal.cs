using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Persistence.Sql.Config;
using EdgeCrab.Gateway.Persistence;

namespace EdgeCrab.Gateway.Tests.Support;

/// <summary>A real SQLite journal file in a fresh temp folder, deleted with the folder when the test ends.</summary>
internal sealed class SqliteJournal : IDisposable
{
    public SqliteJournal()
    {
        Folder = Path.Combine(Path.GetTempPath(), "edgecrab-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        FilePath = Path.Combine(Folder, "edgecrab.db");
        SqliteJournalFile.Prepare(FilePath);
    }

    public string Folder { get; }
    public string FilePath { get; }

    public JournalBackend.Sqlite Backend => new(FilePath);

    public Config Config => ConfigurationFactory.ParseString("akka.loglevel = INFO").WithFallback(GatewayHocon.Load(Backend));

    /// <summary>An actor system over this file connected as the gateway connects it: <see cref="Config"/> and the journal's data options.</summary>
    public ActorSystemSetup Setup => BootstrapSetup.Create().WithConfig(Config).And(new DataOptionsSetup(Backend.DataOptions));

    /// <summary>Every persistence id with a row in the journal, in order.</summary>
    public IReadOnlyList<string> PersistenceIds() =>
        Query("SELECT DISTINCT persistence_id FROM event_journal ORDER BY persistence_id").Select(row => (string)row[0]).ToList();

    /// <summary>The tags column of <paramref name="persistenceId"/>'s last row (<c>;busy;</c>, <c>;idle;</c>), empty when untagged, null without rows.</summary>
    public string? LastRowTags(string persistenceId) =>
        Query("SELECT COALESCE(tags, '') FROM event_journal WHERE persistence_id = $id ORDER BY sequence_nr DESC LIMIT 1", ("$id", persistenceId))
            .Select(row => (string)row[0]).FirstOrDefault();

    /// <summary>Each row <paramref name="sql"/> returns from the file, read directly, as its column values.</summary>
    public List<object[]> Query(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={FilePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        using var reader = command.ExecuteReader();
        var rows = new List<object[]>();
        while (reader.Read())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }
        return rows;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
