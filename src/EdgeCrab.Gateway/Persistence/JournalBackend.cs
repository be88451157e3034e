using LinqToDB;

namespace EdgeCrab.Gateway.Persistence;

/// <summary>Where sessions' journals and snapshots live.</summary>
public abstract record JournalBackend
{
    private JournalBackend() { }

    /// <summary>One SQLite file: the single-node default.</summary>
    public sealed record Sqlite(string FilePath) : JournalBackend
    {
        // Default Timeout makes Microsoft.Data.Sqlite retry a locked database instead of failing at once.
        public override string ConnectionString => $"Data Source={FilePath};Pooling=True;Default Timeout=30";

        /// <summary>How Akka.Persistence.Sql connects (given it as a setup): through <see cref="SqliteConnectionTuning"/>, journal batches through <see cref="SqliteJournalDataProvider"/>.</summary>
        public DataOptions DataOptions => new DataOptions()
            .UseConnectionString(ProviderName.SQLiteMS, ConnectionString)
            .UseDataProvider(SqliteJournalDataProvider.Instance)
            .UseInterceptor(SqliteConnectionTuning.Instance);
    }

    /// <summary>PostgreSQL, for clusters.</summary>
    public sealed record Postgres(string Connection) : JournalBackend
    {
        public override string ConnectionString => Connection;
    }

    public abstract string ConnectionString { get; }
}
