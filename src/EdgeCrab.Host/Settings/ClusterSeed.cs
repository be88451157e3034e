using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace EdgeCrab.Host.Settings;

/// <summary>One entry of <c>EDGECRAB_CLUSTER_SEEDS</c>: a seed node's host and port, from which the gateway builds the Akka address.</summary>
public sealed record ClusterSeed(string Host, int Port)
{
    /// <summary>Parses <c>host:port</c> (IPv6 as <c>[::1]:port</c>); the port must be a real one, 1-65535, since nobody can dial port 0.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out ClusterSeed? seed)
    {
        var colon = text.LastIndexOf(':');
        var host = colon > 0 ? text[..colon] : "";
        if (host.StartsWith('[') && host.EndsWith(']')) host = host[1..^1];
        seed = Uri.CheckHostName(host) != UriHostNameType.Unknown && int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            && port is >= 1 and <= 65535 ? new ClusterSeed(host, port) : null;
        return seed is not null;
    }

    public override string ToString() => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
