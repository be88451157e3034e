using Akka.Persistence.Sql.Journal.Types;
using LinqToDB;
using LinqToDB.Data;
using LinqToDB.DataProvider.SQLite;
using LinqToDB.Internal.DataProvider.SQLite;
using LinqToDB.Mapping;

namespace EdgeCrab.Gateway.Persistence;

/// <summary>
/// linq2db's Microsoft.Data.Sqlite provider, except that a batch of journal rows goes in through one prepared
/// single-row INSERT run once per row, inside Akka.Persistence.Sql's own transaction.
/// </summary>
/// <remarks>
/// Akka.Persistence.Sql writes a batch of up to 100 rows as linq2db's multi-row INSERT: one statement of ~800 named
/// parameters. SQLite parses that statement afresh for every batch, and Microsoft.Data.Sqlite binds each parameter by
/// looking its name up in the statement's list, one by one, so binding is quadratic in the batch; both ran on the
/// journal's single writer, ahead of the commit that every ack in the batch waits for (bench/README.md, issue 14, tenth
/// round). The rows, columns and values are the ones linq2db would write: the columns come from the same mapping,
/// and each value from the same <see cref="ColumnDescriptor.GetProviderValue"/>. Any other bulk copy is linq2db's.
/// </remarks>
public sealed class SqliteJournalDataProvider() : SQLiteDataProvider(ProviderName.SQLiteMS, SQLiteProvider.Microsoft)
{
    public static SqliteJournalDataProvider Instance { get; } = new();

    public override async Task<BulkCopyRowsCopied> BulkCopyAsync<T>(DataOptions options, ITable<T> table, IEnumerable<T> source, CancellationToken cancellationToken)
    {
        if (source is not IEnumerable<JournalRow> rows || table.DataContext is not DataConnection connection || options.BulkCopyOptions.KeepIdentity == true)
            return await base.BulkCopyAsync(options, table, source, cancellationToken).ConfigureAwait(false);
        var database = await connection.OpenDbConnectionAsync(cancellationToken).ConfigureAwait(false);
        var columns = connection.MappingSchema.GetEntityDescriptor(typeof(JournalRow)).Columns.Where(column => !column.SkipOnInsert).ToArray();
        await using var insert = database.CreateCommand();
        insert.Transaction = connection.Transaction;
        // A schema, on SQLite, names an attached database.
        var schema = options.BulkCopyOptions.SchemaName ?? table.SchemaName;
        var into = (schema is null ? "" : Quote(schema) + ".") + Quote(options.BulkCopyOptions.TableName ?? table.TableName);
        insert.CommandText = $"INSERT INTO {into} ({string.Join(", ", columns.Select(column => Quote(column.ColumnName)))}) "
            + $"VALUES ({string.Join(", ", columns.Select((_, at) => "$" + at))})";
        // Each value's SQLite type is inferred from the value itself, as when linq2db binds it.
        var parameters = columns.Select((_, at) => insert.AddParameter("$" + at)).ToArray();
        insert.Prepare();
        var copied = new BulkCopyRowsCopied();
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var at = 0; at < columns.Length; at++) parameters[at].Value = columns[at].GetProviderValue(row) ?? DBNull.Value;
            insert.ExecuteNonQuery();
            copied.RowsCopied++;
        }
        return copied;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
