using Akka.Discovery.Config.Hosting;
using Akka.Discovery.KubernetesApi;
using Akka.Hosting;
using Akka.Management.Cluster.Bootstrap;
using Akka.Management.Dsl;

namespace EdgeCrab.Gateway.Cluster;

/// <summary>
/// <see cref="ClusterFormation.Bootstrap"/> as Akka.NET deployments do it: this node answers
/// <c>/bootstrap/seed-nodes</c> on its management port (the host serves <see cref="BootstrapSeedNodes"/> there), Akka.Discovery lists the
/// other nodes' endpoints, and Akka.Management's cluster bootstrap probes them until it can join an existing cluster
/// or, as the lowest-addressed node, start one.
/// </summary>
public static class ClusterBootstrapHosting
{
    /// <summary>The service bootstrap looks up: with config discovery, the key of the endpoint list; Kubernetes pods are chosen by label instead.</summary>
    public const string ServiceName = GatewayClusterHosting.SystemName;

    /// <param name="host">This node's public host, as remoting knows it: the other nodes find its contact point there.</param>
    public static AkkaConfigurationBuilder AddClusterBootstrap(this AkkaConfigurationBuilder builder, string host, ClusterFormation.Bootstrap bootstrap)
    {
        var options = new ClusterBootstrapOptions();
        options.ContactPointDiscovery.ServiceName = ServiceName;
        options.ContactPointDiscovery.RequiredContactPointsNr = bootstrap.RequiredContactPoints;
        switch (bootstrap.Discovery)
        {
            case BootstrapDiscovery.Config config:
                builder.WithConfigDiscovery(new ConfigServiceDiscoveryOptions
                {
                    Services = [new Service { Name = ServiceName, Endpoints = config.Endpoints.ToArray() }],
                });
                // Bootstrap keeps, of several endpoints on one host, only those on its own management port (meant for
                // a host that lists its remoting and HTTP ports too). Ours lists management endpoints only, and nodes
                // sharing a host (loopback) differ by port: keep them all.
                options.ContactPoint.FilterOnFallbackPort = false;
                break;
            case BootstrapDiscovery.Kubernetes kubernetes:
                builder.WithKubernetesDiscovery(new KubernetesDiscoveryOptions { PodLabelSelector = kubernetes.PodLabelSelector });
                options.ContactPointDiscovery.PortName = BootstrapDiscovery.Kubernetes.PortName;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(bootstrap), bootstrap.Discovery, "unknown discovery");
        }
        // Not auto-started: that would start Akka.Management's own HTTP server, which cannot run with the Ceen.Httpd
        // the package mirror serves (0.9.10 changed a method Akka.Http.Shim 1.5.73 calls). The host's web application
        // serves the one route bootstrap needs instead, on the management port (BootstrapSeedNodes).
        return builder
            .WithClusterBootstrap(options, autoStart: false)
            .AddStartup(async (system, _) =>
            {
                var clusterBootstrap = ClusterBootstrap.Get(system);
                // Handing bootstrap its routes' settings is how it learns its own contact point (the join decider
                // compares it with the discovered ones); the routes it returns are never served.
                clusterBootstrap.Routes(ManagementRouteProviderSettings.Create(new Uri($"http://{host}:{bootstrap.ManagementPort}"), readOnly: true));
                await clusterBootstrap.Start().ConfigureAwait(false);
            });
    }
}
