using System.Globalization;

namespace EdgeCrab.Host.Settings;

/// <summary>Another node's host and port: a seed of <c>EDGECRAB_CLUSTER_SEEDS</c> (its Akka address) or a management endpoint of <c>EDGECRAB_CLUSTER_ENDPOINTS</c>.</summary>
public sealed record ClusterSeed(string Host, int Port)
{
    /// <summary>Parses <c>host:port</c> (IPv6 as <c>[::1]:port</c>); the port must be a real one, 1-65535, since nobody can dial port 0.</summary>
    public static bool TryParse(string text, out ClusterSeed seed)
    {
        seed = null!;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1) return false;
        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']')) host = host[1..^1];
        if (Uri.CheckHostName(host) == UriHostNameType.Unknown) return false;
        if (!int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            return false;
        seed = new ClusterSeed(host, port);
        return true;
    }

    public override string ToString() => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
