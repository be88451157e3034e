using Akka.Configuration;

namespace EdgeCrab.Gateway.Persistence;

/// <summary>
/// Builds the actor system's configuration from the HOCON files in <c>hocon/</c> (copied next to every program that
/// references the gateway) plus what only settings know: the journal's connection string.
/// </summary>
public static class GatewayHocon
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "hocon");

    public static Config Load(JournalBackend backend, params string[] extraFiles)
    {
        var persistenceFile = backend is JournalBackend.Postgres ? "persistence.postgres.conf" : "persistence.sqlite.conf";
        var connection = Quote(backend.ConnectionString);
        var settings = ConfigurationFactory.ParseString($"""
            akka.persistence.journal.sql.connection-string = {connection}
            akka.persistence.snapshot-store.sql.connection-string = {connection}
            akka.persistence.query.journal.sql.connection-string = {connection}
            """);
        return new[] { "gateway.conf", persistenceFile }.Concat(extraFiles)
            .Select(File)
            .Aggregate(settings, (config, file) => config.WithFallback(file));
    }

    public static Config File(string name)
    {
        var path = Path.Combine(Directory, name);
        if (!System.IO.File.Exists(path))
            throw new FileNotFoundException($"HOCON file {name} is missing from {Directory}; it is copied there at build time from hocon/", path);
        return ConfigurationFactory.ParseString(System.IO.File.ReadAllText(path));
    }

    /// <summary>A HOCON string literal: connection strings contain '=' and ';', which HOCON would otherwise read.</summary>
    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
