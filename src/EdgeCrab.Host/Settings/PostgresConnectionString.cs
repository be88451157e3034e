namespace EdgeCrab.Host.Settings;

/// <summary>The little the settings need to know about an ADO.NET PostgreSQL connection string, without referencing Npgsql.</summary>
internal static class PostgresConnectionString
{
    /// <summary>True for <c>key=value;…</c> text naming a host; a <c>postgres://</c> URL is not accepted by Npgsql.</summary>
    public static bool LooksValid(string text) =>
        Pairs(text).Any(pair => pair.Key is "host" or "server" or "data source");

    /// <summary>The password in it, so it can be masked in logs.</summary>
    public static string? PasswordOf(string text) =>
        Pairs(text).Where(pair => pair.Key is "password" or "pwd").Select(pair => pair.Value).LastOrDefault(value => value.Length > 0);

    private static IEnumerable<KeyValuePair<string, string>> Pairs(string text)
    {
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0) continue;
            yield return new(part[..equals].Trim().ToLowerInvariant(), part[(equals + 1)..].Trim().Trim('\'', '"'));
        }
    }
}
