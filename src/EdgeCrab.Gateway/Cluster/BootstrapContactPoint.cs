using System.Net;
using System.Text;
using Akka.Actor;
using Akka.Event;

namespace EdgeCrab.Gateway.Cluster;

/// <summary>
/// This node's contact point for cluster bootstrap: <c>GET /bootstrap/seed-nodes</c> on the management port, and
/// nothing else. Akka.Management's own HTTP server cannot start with the Ceen.Httpd the package mirror serves (0.9.10
/// changed a method Akka.Http.Shim 1.5.73 calls), so the gateway serves the one route bootstrap needs itself.
/// </summary>
/// <remarks>
/// It listens on every interface, as Akka.Management does with <c>bind-hostname = 0.0.0.0</c>: probes address it
/// by whatever discovery returns (an IP on Kubernetes, the listed name with config discovery). It is read-only.
/// </remarks>
public sealed class BootstrapContactPoint : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ActorSystem _system;

    private BootstrapContactPoint(ActorSystem system, int port)
    {
        _system = system;
        _listener.Prefixes.Add($"http://*:{port}/");
    }

    /// <summary>Starts answering on <paramref name="port"/>; stops with <see cref="Dispose"/>.</summary>
    public static BootstrapContactPoint Start(ActorSystem system, int port)
    {
        var contactPoint = new BootstrapContactPoint(system, port);
        contactPoint._listener.Start();
        _ = contactPoint.ServeAsync();
        return contactPoint;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                // Closed by Dispose, or one connection that went wrong: go on while the listener is open.
                continue;
            }
            Answer(context);
        }
    }

    // Never throws: a failed answer must not end the loop, or this node would stop answering bootstrap for good.
    private void Answer(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            if (context.Request.HttpMethod == "GET" && context.Request.Url?.AbsolutePath == "/bootstrap/seed-nodes")
            {
                var body = Encoding.UTF8.GetBytes(BootstrapSeedNodes.Json(_system));
                response.ContentType = "application/json";
                response.ContentLength64 = body.Length;
                response.OutputStream.Write(body);
            }
            else
            {
                response.StatusCode = (int)HttpStatusCode.NotFound;
            }
            response.Close();
        }
        catch (Exception e)
        {
            // The prober hung up, or the node is stopping: it probes again, and another node answers meanwhile.
            _system.Log.Warning("Cluster bootstrap contact point could not answer {0}: {1}", context.Request.Url?.AbsolutePath, e.Message);
            response.Abort();
        }
    }

    public void Dispose() => _listener.Close();
}
