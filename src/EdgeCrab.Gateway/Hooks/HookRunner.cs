using Akka.Actor;
using Akka.Hosting;

namespace EdgeCrab.Gateway.Hooks;

/// <summary>
/// The node's hooks: hands each event to the <see cref="HookActor"/> of every loaded hook that wants it (a child per
/// hook folder, made when first needed, told when its definition changes, stopped when it is gone). Sessions tell it
/// events and never wait: in a cluster, hooks run on the node where the conversation lives.
/// </summary>
internal sealed class HookRunner : ReceiveActor
{
    /// <summary>Handler processes running at once on a node, over all hooks.</summary>
    public const int MaxProcesses = 8;

    private readonly HookCatalog _catalog;
    private readonly SemaphoreSlim _processes = new(MaxProcesses, MaxProcesses);
    private readonly Dictionary<string, (Hook Hook, IActorRef Actor)> _children = new(StringComparer.Ordinal);
    // Child names never repeat: a stopped child keeps its name until it has terminated.
    private int _made;

    public HookRunner(HookCatalog catalog)
    {
        _catalog = catalog;
        Receive<HookEvent>(Dispatch);
    }

    public static Props Props(HookCatalog catalog) => Akka.Actor.Props.Create(() => new HookRunner(catalog));

    private void Dispatch(HookEvent hookEvent)
    {
        var loaded = _catalog.Current.OfType<HookLoad.Loaded>().Select(l => l.Hook).ToList();
        foreach (var gone in _children.Keys.Except(loaded.Select(h => h.Folder)).ToList())
        {
            Context.Stop(_children[gone].Actor);
            _children.Remove(gone);
        }
        foreach (var hook in loaded.Where(h => h.Wants(hookEvent.Event)).OrderBy(h => h.Priority))
        {
            if (!_children.TryGetValue(hook.Folder, out var child))
                child = (hook, Context.ActorOf(HookActor.Props(hook, _processes), $"hook-{++_made}"));
            else if (child.Hook != hook)
                child.Actor.Tell(hook);
            _children[hook.Folder] = (hook, child.Actor);
            child.Actor.Tell(hookEvent);
        }
    }
}

/// <summary>Registry key of the node's <see cref="HookRunner"/>.</summary>
public sealed class HooksKey;

/// <summary>Wires the hook runner into a node.</summary>
public static class HookRunnerHosting
{
    public static AkkaConfigurationBuilder AddHookRunner(this AkkaConfigurationBuilder builder, HookCatalog catalog) =>
        builder.WithActors((system, registry) => registry.Register<HooksKey>(system.ActorOf(HookRunner.Props(catalog), "hooks")));
}
