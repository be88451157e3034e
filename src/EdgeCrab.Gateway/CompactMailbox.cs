using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace EdgeCrab.Gateway;

/// <summary>
/// The mailbox of the actors made per conversation and per turn (<see cref="CompactMessageQueue"/>): stash-capable,
/// as persistent actors need, and empty when idle. Actors made once per node keep Akka's default.
/// </summary>
public sealed class CompactMailbox(Settings settings, Config config) : MailboxType(settings, config), IProducesMessageQueue<CompactMessageQueue>
{
    /// <summary>The id Props name it by (<c>WithMailbox</c>).</summary>
    public const string Id = "edgecrab.compact-mailbox";

    /// <summary>Its configuration, added by the code that uses it: the id and the type are the code's, nothing to tune.</summary>
    public static readonly Config Hocon = ConfigurationFactory.ParseString($"{Id}.mailbox-type = \"{typeof(CompactMailbox).FullName}, {typeof(CompactMailbox).Assembly.GetName().Name}\"");

    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new CompactMessageQueue();
}
