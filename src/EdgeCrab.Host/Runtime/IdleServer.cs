using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;

namespace EdgeCrab.Host.Runtime;

/// <summary>
/// The server when neither HTTP port is set: listens nowhere. Kestrel with no endpoint would bind localhost:5000,
/// a port nobody asked for.
/// </summary>
internal sealed class IdleServer : IServer
{
    public IFeatureCollection Features { get; } = new FeatureCollection();

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken) where TContext : notnull => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() { }
}
