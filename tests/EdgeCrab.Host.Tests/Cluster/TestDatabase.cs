using Npgsql;

namespace EdgeCrab.Host.Tests.Cluster;

/// <summary>A fresh PostgreSQL database for one test, dropped afterwards: tests never share a journal.</summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _admin;
    private readonly string _name = "edgecrab_" + Guid.NewGuid().ToString("N")[..12];

    private TestDatabase(string admin) => _admin = admin;

    public string ConnectionString => new NpgsqlConnectionStringBuilder(_admin) { Database = _name, MaxPoolSize = 30 }.ConnectionString;

    public static async Task<TestDatabase> CreateAsync()
    {
        var admin = Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable)
            ?? throw new InvalidOperationException($"{PostgresFactAttribute.Variable} is not set; in CI, .ci/run starts PostgreSQL and sets it");
        var database = new TestDatabase(admin);
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {database._name}", connection);
        await create.ExecuteNonQueryAsync();
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
