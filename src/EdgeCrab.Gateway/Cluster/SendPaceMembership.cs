using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Akka.Hosting;
using EdgeCrab.Gateway.Outbox;

namespace EdgeCrab.Gateway.Cluster;

/// <summary>
/// Keeps this node's <see cref="SendPace"/> at its share of DingTalk's per-app budget: it follows the cluster's
/// members with the gateway role and tells the pace how many send.
/// </summary>
/// <remarks>
/// A member counts from Up until it is removed. An unreachable member still counts (it may be alive on the other side
/// of a partition, still sending), and a leaving one counts until it is gone: erring that way costs a few seconds of
/// slower sending after a crash, until the split-brain resolver downs the node; erring the other way would exceed
/// the app's limit.
/// </remarks>
internal sealed class SendPaceMembership : ReceiveActor
{
    private readonly SendPace _pace;
    private readonly HashSet<UniqueAddress> _senders = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public SendPaceMembership(SendPace pace)
    {
        _pace = pace;
        Receive<ClusterEvent.MemberUp>(up => Count(up.Member, sends: true));
        Receive<ClusterEvent.MemberRemoved>(removed => Count(removed.Member, sends: false));
        Receive<ClusterEvent.IMemberEvent>(_ => { });
    }

    public static Props Props(SendPace pace) => Akka.Actor.Props.Create(() => new SendPaceMembership(pace));

    protected override void PreStart() =>
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent));

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

    private void Count(Member member, bool sends)
    {
        if (!member.HasRole(ConversationSessionsHosting.Role)) return;
        var changed = sends ? _senders.Add(member.UniqueAddress) : _senders.Remove(member.UniqueAddress);
        if (!changed) return;
        _pace.ShareAmong(_senders.Count);
        _log.Info("{0} gateway node(s) share DingTalk's {1} sends a second: this node sends {2:0.##} a second",
            _pace.Nodes, SendPace.AppSendsPerSecond, _pace.PerSecond);
    }
}

/// <summary>Starts <see cref="SendPaceMembership"/> when the node is a cluster member; a single node keeps the whole budget.</summary>
public static class SendPaceMembershipHosting
{
    public static AkkaConfigurationBuilder AddSendPaceMembership(this AkkaConfigurationBuilder builder, SendPace pace) =>
        builder.WithActors((system, _) =>
        {
            if (system is ExtendedActorSystem { Provider: IClusterActorRefProvider })
                system.ActorOf(SendPaceMembership.Props(pace), "send-pace-membership");
        });
}
