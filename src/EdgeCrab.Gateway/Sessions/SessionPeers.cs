using Akka.Actor;

namespace EdgeCrab.Gateway.Sessions;

/// <summary>
/// The node's actors every <see cref="ConversationSession"/> talks to, made once with the node's session Props and
/// shared: one reference in each session instead of two (memory, issue 14).
/// </summary>
/// <param name="Sessions">The shard region, through which a session handed off with work left wakes its next home.</param>
/// <param name="Hooks">
/// The node's HookRunner: told events (hooks run beside the message path), and asked only for the verdict of a
/// cancellable one (a held command, <c>agent:start</c>), under a budget; Nobody runs none.
/// </param>
internal sealed record SessionPeers(IActorRef Sessions, IActorRef Hooks);
