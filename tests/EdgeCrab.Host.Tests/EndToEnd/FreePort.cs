using System.Net;
using System.Net.Sockets;

namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary>A loopback port nobody listens on right now, for servers that must be told their port before they start.</summary>
internal static class FreePort
{
    public static int Next()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
