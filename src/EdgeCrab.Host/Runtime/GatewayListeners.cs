using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace EdgeCrab.Host.Runtime;

/// <summary>
/// The gateway's two HTTP ports on one Kestrel: operations (<c>EDGECRAB_HTTP_PORT</c>, on the node's host) and DingTalk's
/// HTTP callbacks (<c>DINGTALK_WEBHOOK_PORT</c>, on every interface, since DingTalk calls it from outside). Each route
/// answers on its own port only. Port 0 picks a free port; Kestrel writes the bound one back into the listen options.
/// </summary>
internal sealed class GatewayListeners
{
    private ListenOptions? _operations;
    private ListenOptions? _callbacks;

    /// <summary>Whether any port is configured; with none the gateway serves no HTTP at all.</summary>
    public bool Any => _operations is not null || _callbacks is not null;

    public Uri? OperationsAddress => Address(_operations);

    public Uri? CallbackAddress => Address(_callbacks);

    public void Configure(KestrelServerOptions kestrel, string operationsHost, int? operationsPort, int? callbackPort)
    {
        // DingTalk's callbacks are a few KiB; nothing of ours needs more than this.
        kestrel.Limits.MaxRequestBodySize = 1024 * 1024;
        if (operationsPort is { } ops)
            kestrel.Listen(IPAddress.TryParse(operationsHost, out var ip) ? ip : IPAddress.Loopback, ops, listen => _operations = listen);
        if (callbackPort is { } callbacks)
            kestrel.ListenAnyIP(callbacks, listen => _callbacks = listen);
    }

    /// <summary>
    /// Whether the port the request came in on serves its path: the callback port serves only <paramref name="callbackPath"/>,
    /// the operations port everything else. DingTalk's side must never reach <c>/cluster</c>, say.
    /// </summary>
    public bool Serves(HttpContext context, string callbackPath)
    {
        var callback = context.Request.Path.Equals(callbackPath, StringComparison.OrdinalIgnoreCase);
        return callback ? On(_callbacks, context) : On(_operations, context);
    }

    private static bool On(ListenOptions? listen, HttpContext context) =>
        listen?.IPEndPoint is { } bound && context.Connection.LocalPort == bound.Port;

    private static Uri? Address(ListenOptions? listen) => listen?.IPEndPoint is { Port: > 0 } bound
        ? new Uri($"http://{(bound.Address.Equals(IPAddress.Any) || bound.Address.Equals(IPAddress.IPv6Any) ? "127.0.0.1" : bound.Address.ToString())}:{bound.Port}/")
        : null;
}
