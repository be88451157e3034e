using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace EdgeCrab.Host.Runtime;

/// <summary>
/// The gateway's HTTP ports on one Kestrel: operations (<c>EDGECRAB_HTTP_PORT</c>, on the node's host), DingTalk's
/// HTTP callbacks (<c>DINGTALK_WEBHOOK_PORT</c>, on every interface, since DingTalk calls it from outside) and, with
/// cluster bootstrap, the management port the other nodes probe (every interface, as Akka.Management binds it). Each
/// route answers on its own port only. Port 0 picks a free port; Kestrel writes the bound one back into the options.
/// </summary>
internal sealed class GatewayListeners
{
    private ListenOptions? _operations;
    private ListenOptions? _callbacks;
    private ListenOptions? _management;

    public Uri? OperationsAddress => Address(_operations);

    public Uri? CallbackAddress => Address(_callbacks);

    public void Configure(KestrelServerOptions kestrel, string operationsHost, int? operationsPort, int? callbackPort, int? managementPort)
    {
        // DingTalk's callbacks are a few KiB; nothing of ours needs more than this.
        kestrel.Limits.MaxRequestBodySize = 1024 * 1024;
        if (operationsPort is { } ops)
            kestrel.Listen(IPAddress.TryParse(operationsHost, out var ip) ? ip : IPAddress.Loopback, ops, listen => _operations = listen);
        if (callbackPort is { } callbacks)
            kestrel.ListenAnyIP(callbacks, listen => _callbacks = listen);
        if (managementPort is { } management)
            kestrel.ListenAnyIP(management, listen => _management = listen);
    }

    /// <summary>
    /// Whether the port the request came in on serves its path: the callback port serves only <paramref name="callbackPath"/>,
    /// the management port only <paramref name="managementPath"/>, the operations port everything else. DingTalk's side
    /// must never reach <c>/cluster</c>, say.
    /// </summary>
    public bool Serves(HttpContext context, string callbackPath, string managementPath)
    {
        var path = context.Request.Path;
        bool Is(string route) => path.Equals(route, StringComparison.OrdinalIgnoreCase);
        if (On(_callbacks, context)) return Is(callbackPath);
        if (On(_management, context)) return Is(managementPath);
        return On(_operations, context) && !Is(callbackPath) && !Is(managementPath);
    }

    private static bool On(ListenOptions? listen, HttpContext context) =>
        listen?.IPEndPoint is { } bound && context.Connection.LocalPort == bound.Port;

    private static Uri? Address(ListenOptions? listen) => listen?.IPEndPoint is { Port: > 0 } bound
        ? new Uri($"http://{(bound.Address.Equals(IPAddress.Any) || bound.Address.Equals(IPAddress.IPv6Any) ? "127.0.0.1" : bound.Address.ToString())}:{bound.Port}/")
        : null;
}
