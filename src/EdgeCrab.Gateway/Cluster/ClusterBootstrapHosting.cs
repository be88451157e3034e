using Akka.Discovery.Config.Hosting;
using Akka.Discovery.KubernetesApi;
using Akka.Hosting;
using Akka.Management;
using Akka.Management.Cluster.Bootstrap;

namespace EdgeCrab.Gateway.Cluster;

/// <summary>
/// <see cref="ClusterFormation.Bootstrap"/> as Akka.NET deployments do it: Akka.Management serves this node's
/// <c>/bootstrap/seed-nodes</c>, Akka.Discovery lists the other nodes' endpoints, and cluster bootstrap probes them
/// until it can join an existing cluster or, as the lowest-addressed node, start one.
/// </summary>
public static class ClusterBootstrapHosting
{
    /// <summary>The service bootstrap looks up: with config discovery, the key of the endpoint list; Kubernetes pods are chosen by label instead.</summary>
    public const string ServiceName = GatewayClusterHosting.SystemName;

    /// <param name="host">This node's public host: its management endpoint listens and is known there, as remoting is.</param>
    public static AkkaConfigurationBuilder AddClusterBootstrap(this AkkaConfigurationBuilder builder, string host, ClusterFormation.Bootstrap bootstrap)
    {
        builder.WithAkkaManagement(new AkkaManagementOptions { HostName = host, Port = bootstrap.ManagementPort });
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
        // Auto-start also starts Akka.Management, whose HTTP endpoint the other nodes probe.
        return builder.WithClusterBootstrap(options, autoStart: true);
    }
}
