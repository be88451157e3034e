using Microsoft.Data.Sqlite;

namespace EdgeCrab.Gateway.Persistence;

/// <summary>Readies the SQLite journal file before the actor system opens it.</summary>
public static class SqliteJournalFile
{
    /// <summary>
    /// Creates the folder and puts the file in WAL mode, once: WAL lets readers (sessions list, queries) run beside
    /// the writer and is 2-3 times faster for the journal's many small commits. WAL mode is stored in the file.
    /// </summary>
    public static void Prepare(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) System.IO.Directory.CreateDirectory(folder);
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }
}
