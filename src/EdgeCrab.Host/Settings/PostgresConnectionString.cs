using System.Data.Common;

namespace EdgeCrab.Host.Settings;

/// <summary>The little the settings need to know about an ADO.NET PostgreSQL connection string, without referencing Npgsql.</summary>
internal static class PostgresConnectionString
{
    /// <summary>True for <c>key=value;…</c> text naming a host; a <c>postgres://</c> URL is not accepted by Npgsql.</summary>
    public static bool LooksValid(string text) => Parse(text) is { } pairs && new[] { "host", "server", "data source" }.Any(pairs.ContainsKey);

    /// <summary>The password in it, so it can be masked in logs.</summary>
    public static string? PasswordOf(string text) =>
        Parse(text) is { } pairs && (pairs.TryGetValue("password", out var password) || pairs.TryGetValue("pwd", out password)) && password is string { Length: > 0 } value ? value : null;

    // The same parser Npgsql's builder derives from; it refuses what Npgsql would refuse (e.g. a part without '=').
    private static DbConnectionStringBuilder? Parse(string text)
    {
        try { return new DbConnectionStringBuilder { ConnectionString = text }; }
        catch (ArgumentException) { return null; }
    }
}
