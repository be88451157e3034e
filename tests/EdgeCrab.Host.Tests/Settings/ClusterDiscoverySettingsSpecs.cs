using EdgeCrab.Host.Settings;
using Xunit;

namespace EdgeCrab.Host.Tests.Settings;

/// <summary>Cluster bootstrap's variables: read together, refused alone or next to seeds, each error naming its variable.</summary>
public sealed class ClusterDiscoverySettingsSpecs : IDisposable
{
    private static readonly (string, string?)[] SharedJournalAndDingTalk =
        [(SettingNames.Postgres, "Host=db"), (SettingNames.AppKey, "dingclusterkey"), (SettingNames.AppSecret, "cluster-secret-value")];

    private readonly TemporaryHome _home = new();

    public void Dispose() => _home.Dispose();

    private SettingsResult Load(params (string, string?)[] variables) => _home.Load([.. variables, .. SharedJournalAndDingTalk]);

    [Fact]
    public void Config_discovery_should_read_its_endpoints_and_make_the_node_clustered()
    {
        var settings = _home.LoadValid([(SettingNames.ClusterDiscovery, "Config"), (SettingNames.ClusterEndpoints, "10.0.0.1:8558, node-b:8559"),
            (SettingNames.ClusterManagementPort, "8559"), (SettingNames.ClusterHost, "node-b"), .. SharedJournalAndDingTalk]);

        Assert.Equal(ClusterDiscovery.Config, settings.ClusterDiscovery);
        Assert.Equal([new ClusterSeed("10.0.0.1", 8558), new ClusterSeed("node-b", 8559)], settings.ClusterEndpoints);
        Assert.Equal(8559, settings.ClusterManagementPort);
        Assert.Null(settings.ClusterRequiredContacts);
        Assert.Empty(settings.ClusterSeeds);
        Assert.True(settings.IsClustered);
    }

    [Fact]
    public void Kubernetes_discovery_should_default_the_selector_and_the_management_port()
    {
        var settings = _home.LoadValid([(SettingNames.ClusterDiscovery, "kubernetes"), (SettingNames.ClusterHost, "10.1.2.3"),
            (SettingNames.ClusterRequiredContacts, "3"), (SettingNames.StreamOwner, "singleton"), .. SharedJournalAndDingTalk]);

        Assert.Equal(ClusterDiscovery.Kubernetes, settings.ClusterDiscovery);
        Assert.Equal("app=edgecrab", settings.ClusterPodSelector);
        Assert.Equal(8558, settings.ClusterManagementPort);
        Assert.Equal(3, settings.ClusterRequiredContacts);
        Assert.Equal(StreamOwner.Singleton, settings.StreamOwner);
    }

    [Fact]
    public void No_discovery_should_stay_a_single_node()
    {
        var settings = _home.LoadValid();

        Assert.Equal(ClusterDiscovery.None, settings.ClusterDiscovery);
        Assert.False(settings.IsClustered);
    }

    [Theory]
    [InlineData(SettingNames.ClusterDiscovery, "dns", "EDGECRAB_CLUSTER_DISCOVERY: 'dns' is not one of none, config, kubernetes")]
    [InlineData(SettingNames.ClusterEndpoints, "node-a", "EDGECRAB_CLUSTER_ENDPOINTS: 'node-a' is not host:port (port 1-65535)")]
    [InlineData(SettingNames.ClusterEndpoints, "[::1]:8558", "EDGECRAB_CLUSTER_ENDPOINTS: '[::1]:8558': IPv6 addresses are not supported here; use a host name")]
    [InlineData(SettingNames.ClusterManagementPort, "0", "EDGECRAB_CLUSTER_MANAGEMENT_PORT: '0' cannot be used: the other nodes must know the port to probe (1-65535)")]
    [InlineData(SettingNames.ClusterRequiredContacts, "none", "EDGECRAB_CLUSTER_REQUIRED_CONTACTS: 'none' is not a positive whole number")]
    public void Bad_bootstrap_value_should_give_one_line_naming_the_variable(string name, string value, string expected)
    {
        // A config discovery with one good endpoint, so the value under test is the only thing wrong.
        var given = new List<(string, string?)> { (SettingNames.ClusterDiscovery, "config"), (SettingNames.ClusterEndpoints, "node-a:8558") };
        given.RemoveAll(v => v.Item1 == name);
        given.Add((name, value));

        var result = Load([.. given]);

        Assert.Equal([expected], result.Errors);
    }

    [Fact]
    public void Discovery_next_to_seeds_should_be_an_error()
    {
        var result = Load((SettingNames.ClusterDiscovery, "kubernetes"), (SettingNames.ClusterHost, "10.1.2.3"), (SettingNames.ClusterSeeds, "node-a:4053"));

        Assert.Equal(["EDGECRAB_CLUSTER_DISCOVERY: set, but so is EDGECRAB_CLUSTER_SEEDS; the nodes find each other either through seeds or through discovery, unset one"], result.Errors);
    }

    [Fact]
    public void Config_discovery_without_endpoints_should_be_an_error()
    {
        var result = Load((SettingNames.ClusterDiscovery, "config"));

        var line = Assert.Single(result.Errors);
        Assert.StartsWith("EDGECRAB_CLUSTER_ENDPOINTS: not set, but EDGECRAB_CLUSTER_DISCOVERY is 'config'", line);
    }

    [Fact]
    public void Kubernetes_discovery_without_the_pod_ip_should_be_an_error()
    {
        // Without it the node would tell the others to reach it at 127.0.0.1.
        var result = Load((SettingNames.ClusterDiscovery, "kubernetes"));

        var line = Assert.Single(result.Errors);
        Assert.StartsWith("EDGECRAB_CLUSTER_HOST: not set, but EDGECRAB_CLUSTER_DISCOVERY is 'kubernetes'", line);
    }

    [Fact]
    public void Bootstrap_variables_without_their_discovery_should_be_errors()
    {
        var result = _home.Load((SettingNames.ClusterEndpoints, "node-a:8558"), (SettingNames.ClusterPodSelector, "app=crab"),
            (SettingNames.ClusterManagementPort, "8558"), (SettingNames.ClusterRequiredContacts, "3"));

        Assert.Equal(
        [
            "EDGECRAB_CLUSTER_ENDPOINTS: set, but EDGECRAB_CLUSTER_DISCOVERY is not 'config'; set both, or neither",
            "EDGECRAB_CLUSTER_POD_SELECTOR: set, but EDGECRAB_CLUSTER_DISCOVERY is not 'kubernetes'; set both, or neither",
            "EDGECRAB_CLUSTER_MANAGEMENT_PORT: set, but EDGECRAB_CLUSTER_DISCOVERY is not; set it to config or kubernetes, or unset this",
            "EDGECRAB_CLUSTER_REQUIRED_CONTACTS: set, but EDGECRAB_CLUSTER_DISCOVERY is not; set it to config or kubernetes, or unset this",
        ], result.Errors);
    }

    [Fact]
    public void Discovery_without_postgres_should_be_an_error_naming_the_discovery()
    {
        var result = _home.Load((SettingNames.ClusterDiscovery, "config"), (SettingNames.ClusterEndpoints, "node-a:8558"),
            (SettingNames.AppKey, "dingclusterkey"), (SettingNames.AppSecret, "cluster-secret-value"));

        Assert.Equal(["EDGECRAB_POSTGRES: not set, but EDGECRAB_CLUSTER_DISCOVERY is; a cluster keeps its journal in PostgreSQL"], result.Errors);
    }
}
