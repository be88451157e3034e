using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeCrab.Host.Runtime;

/// <summary>A minimal Kestrel app for the gateway's own small endpoints; port 0 picks a free one.</summary>
internal static class SmallWebServer
{
    /// <summary>Starts it and returns it with the address it actually listens on.</summary>
    public static async Task<(WebApplication App, Uri Address)> StartAsync(string host, int port, Action<WebApplication> map, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://{host}:{port}");
        // DingTalk's callbacks are a few KiB; nothing of ours needs more than this.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 1024 * 1024);
        // Request logs would carry full URLs; the gateway logs what matters itself.
        builder.Logging.ClearProviders();
        var app = builder.Build();
        map(app);
        await app.StartAsync(ct).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)));
    }
}
