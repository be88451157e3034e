using Akka.Hosting;
using Akka.Persistence.Sql.Config;

namespace EdgeCrab.Gateway.Persistence;

/// <summary>Gives Akka.Persistence.Sql its SQLite connections through <see cref="JournalBackend.Sqlite.DataOptions"/>; PostgreSQL needs nothing (Npgsql is truly asynchronous).</summary>
public static class SqliteDataOptionsHosting
{
    public static AkkaConfigurationBuilder AddSqliteDataOptions(this AkkaConfigurationBuilder builder, JournalBackend backend) =>
        backend is JournalBackend.Sqlite sqlite ? builder.AddSetup(new DataOptionsSetup(sqlite.DataOptions)) : builder;
}
