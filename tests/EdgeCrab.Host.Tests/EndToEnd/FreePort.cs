using System.Net;
using System.Net.Sockets;

namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary>
/// A port nobody listens on right now, for servers that must be told their port before they start. Taken below the
/// kernel's ephemeral range (Linux: 32768–60999), where the OS never hands ports to outgoing connections or to other
/// specs' port-0 listeners, which is how a port picked there was once taken before its server could bind it; and
/// never the same port twice in one test run.
/// </summary>
internal static class FreePort
{
    private const int First = 20_000, Last = 32_000;
    private static readonly HashSet<int> Given = [];

    public static int Next()
    {
        lock (Given)
        {
            for (var tries = 0; tries < 1_000; tries++)
            {
                var port = Random.Shared.Next(First, Last);
                if (Given.Contains(port) || !Bindable(port)) continue;
                Given.Add(port);
                return port;
            }
        }
        throw new InvalidOperationException($"no free port between {First} and {Last}");
    }

    // Kestrel listens on [::] (dual mode): the probe must too, or a port busy on IPv6 only would pass.
    private static bool Bindable(int port)
    {
        using var probe = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
        try
        {
            probe.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
