using Akka.Cluster.Hosting;
using Akka.Hosting;
using EdgeCrab.DingTalk.Rest;
using EdgeCrab.Gateway.Connection;

namespace EdgeCrab.Gateway.Cluster;

/// <summary>
/// <c>EDGECRAB_STREAM_OWNER=singleton</c>: one DingTalk stream connection for the whole cluster, on its oldest node,
/// handed over when that node leaves or dies. (By default every node holds its own; see DESIGN.md.)
/// </summary>
public static class SingletonConnectionHosting
{
    public static AkkaConfigurationBuilder AddSingletonDingTalkConnection(
        this AkkaConfigurationBuilder builder, DingTalkRestClient rest, InboundPolicy policy, ConnectionSettings settings, TimeProvider clock) =>
        builder.WithSingleton<DingTalkConnectionKey>(
            "dingtalk",
            (_, registry, _) => DingTalkConnection.Props(rest, registry.Get<SessionsKey>(), policy, settings, clock),
            new ClusterSingletonOptions { Role = ConversationSessionsHosting.Role },
            createProxyToo: true);
}
