using Akka.Configuration;
using Akka.Configuration.Hocon;
using Akka.Hosting;
using EdgeCrab.Gateway.Cluster;
using EdgeCrab.Gateway.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace EdgeCrab.Gateway.Tests.Cluster;

/// <summary>
/// hocon/cluster.conf and the cluster code each own their keys: Akka.Hosting's options objects override file HOCON
/// silently, so a key set in both places would make the file lie.
/// </summary>
public sealed class ClusterConfigOwnershipSpecs
{
    private static readonly Config ClusterConf = GatewayHocon.File("cluster.conf");

    public static TheoryData<string> Formations => ["alone", "seeds", "config bootstrap", "kubernetes bootstrap"];

    private static ClusterFormation Formation(string name) => name switch
    {
        "alone" => ClusterFormation.Alone.Instance,
        "seeds" => new ClusterFormation.Seeds([("127.0.0.1", 4053)]),
        "config bootstrap" => new ClusterFormation.Bootstrap(new BootstrapDiscovery.Config(["127.0.0.1:8558"]), 8558, 1),
        _ => new ClusterFormation.Bootstrap(new BootstrapDiscovery.Kubernetes(BootstrapDiscovery.Kubernetes.DefaultPodLabelSelector), 8558, 3),
    };

    [Theory]
    [MemberData(nameof(Formations))]
    public void Cluster_code_should_set_no_key_that_cluster_conf_sets(string formation)
    {
        // Every key of the file gets a value nobody else would write; whatever still reads differently was overridden.
        var paths = LeafPaths(ClusterConf.Root, "").ToList();
        var marked = paths.Aggregate(Config.Empty, (config, path) =>
            ConfigurationFactory.ParseString($"{path} = \"from cluster.conf\"").WithFallback(config));
        var builder = new AkkaConfigurationBuilder(new ServiceCollection(), GatewayClusterHosting.SystemName)
            .AddHocon(marked, HoconAddMode.Prepend)
            .AddGatewayCluster("127.0.0.1", 0, Formation(formation));

        var config = builder.Configuration.Value;
        var overridden = paths.Where(path => config.GetString(path) != "from cluster.conf").ToList();
        Assert.True(paths.Count >= 8, $"only {paths.Count} keys read from cluster.conf");
        Assert.Empty(overridden);
    }

    [Fact]
    public void Session_shard_options_should_set_no_sharding_key_that_cluster_conf_sets()
    {
        // ShardOptions are applied per region over akka.cluster.sharding: what they set wins over the file there.
        var fromCode = LeafPaths(ConfigurationFactory.ParseString(ConversationSessionsHosting.SessionShardOptions.ToString()).Root, "").ToList();
        var fromFile = LeafPaths(ClusterConf.GetConfig("akka.cluster.sharding").Root, "").ToList();
        Assert.Contains("role", fromCode);
        Assert.NotEmpty(fromFile);
        Assert.Empty(fromCode.Intersect(fromFile));
    }

    [Fact]
    public void Cluster_conf_should_leave_the_role_to_the_code()
    {
        // ClusterSingletonOptions.Role and ShardOptions.Role replace these; the code counts members by the same role.
        Assert.False(ClusterConf.HasPath("akka.cluster.roles"));
        Assert.False(ClusterConf.HasPath("akka.cluster.singleton.role"));
        Assert.False(ClusterConf.HasPath("akka.cluster.singleton-proxy.role"));
        Assert.False(ClusterConf.HasPath("akka.actor.provider"));
    }

    private static IEnumerable<string> LeafPaths(HoconValue value, string prefix)
    {
        if (!value.IsObject())
        {
            yield return prefix;
            yield break;
        }
        foreach (var (key, child) in value.GetObject().Items)
            foreach (var path in LeafPaths(child, prefix.Length == 0 ? key : $"{prefix}.{key}"))
                yield return path;
    }
}
