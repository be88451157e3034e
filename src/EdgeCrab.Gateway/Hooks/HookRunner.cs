using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Akka;
using Akka.Hosting;
using static EdgeCrab.Gateway.Hooks.HookRunnerProtocol;

namespace EdgeCrab.Gateway.Hooks;

/// <summary>
/// The node's hooks: hands each event to the <see cref="HookActor"/> of every loaded hook that wants it (a child per
/// hook folder, made when first needed, told when its definition changes, stopped when it is gone). Sessions tell it
/// fire-and-forget events and never wait for them; only a cancellable event (<see cref="Vet"/>) is asked, and its
/// hooks run one after another by priority until one cancels. In a cluster, hooks run on the node where the
/// conversation lives.
/// </summary>
internal sealed class HookRunner : ReceiveActor
{
    /// <summary>Handler processes running at once on a node, over all hooks.</summary>
    public const int MaxProcesses = 8;

    private readonly HookCatalog _catalog;
    private readonly SemaphoreSlim _processes = new(MaxProcesses, MaxProcesses);
    private readonly Dictionary<string, (Hook Hook, IActorRef Actor)> _children = new(StringComparer.Ordinal);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    // Child names never repeat: a stopped child keeps its name until it has terminated.
    private int _made;

    public HookRunner(HookCatalog catalog)
    {
        _catalog = catalog;
        Receive<HookEvent>(e =>
        {
            foreach (var (_, child) in Children(e.Event)) child.Tell(e);
        });
        Receive<Vet>(vet => InTurn(vet.Event, stopAtCancel: true).PipeTo(Sender));
        Receive<RunAll>(run => InTurn(run.Event, stopAtCancel: false).PipeTo(Sender));
    }

    public static Props Props(HookCatalog catalog) => Akka.Actor.Props.Create(() => new HookRunner(catalog));

    /// <summary>The hooks that want <paramref name="eventName"/> by priority, each with its actor: children made, told or stopped to match the folder.</summary>
    private List<(Hook Hook, IActorRef Actor)> Children(string eventName)
    {
        var loaded = _catalog.Current.OfType<HookLoad.Loaded>().Select(l => l.Hook).ToList();
        foreach (var gone in _children.Keys.Except(loaded.Select(h => h.Folder)).ToList())
        {
            Context.Stop(_children[gone].Actor);
            _children.Remove(gone);
        }
        var wanting = new List<(Hook, IActorRef)>();
        foreach (var hook in _catalog.Wanting(eventName))
        {
            if (!_children.TryGetValue(hook.Folder, out var child))
                child = (hook, Context.ActorOf(HookActor.Props(hook, _processes), $"hook-{++_made}"));
            else if (child.Hook != hook)
                child.Actor.Tell(hook);
            _children[hook.Folder] = (hook, child.Actor);
            wanting.Add((hook, child.Actor));
        }
        return wanting;
    }

    /// <summary>
    /// Runs the event through each hook in priority order, waiting for each (its timeout, and no longer), until one
    /// cancels when <paramref name="stopAtCancel"/>. Never fails: a hook that does not answer in time lets it go on.
    /// </summary>
    private Task<Verdict> InTurn(HookEvent hookEvent, bool stopAtCancel)
    {
        var hooks = Children(hookEvent.Event);
        var log = _log;
        return Run();

        async Task<Verdict> Run()
        {
            foreach (var (hook, actor) in hooks)
            {
                HookAnswer answer;
                try
                {
                    var deadline = Stopwatch.GetTimestamp() + (long)(hook.Timeout.TotalSeconds * Stopwatch.Frequency);
                    answer = await actor.Ask<HookAnswer>(new HookActor.Awaited(hookEvent, deadline), hook.Timeout + KillAllowance).ConfigureAwait(false);
                }
                catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
                {
                    log.Warning("hook {0} on {1}: no answer within its timeout; carrying on", hook.Name, hookEvent.Event);
                    continue;
                }
                if (stopAtCancel && answer is HookAnswer.Cancel) return new Verdict(answer, hook.Name);
            }
            return Verdict.Continue;
        }
    }
}

/// <summary>Registry key of the node's <see cref="HookRunner"/>.</summary>
public sealed class HooksKey;

/// <summary>Wires the hook runner into a node: it raises <c>gateway:startup</c> at once, and waits for <c>gateway:shutdown</c>'s hooks when the node stops.</summary>
public static class HookRunnerHosting
{
    /// <summary>The most the node's stop waits for <c>gateway:shutdown</c> hooks: within the phase's default timeout.</summary>
    public static readonly TimeSpan ShutdownHooksAllowance = TimeSpan.FromSeconds(4);

    public static AkkaConfigurationBuilder AddHookRunner(this AkkaConfigurationBuilder builder, HookCatalog catalog) =>
        builder.WithActors((system, registry) =>
        {
            var runner = system.ActorOf(HookRunner.Props(catalog), "hooks");
            registry.Register<HooksKey>(runner);
            var node = ((ExtendedActorSystem)system).Provider.DefaultAddress.ToString();
            runner.Tell(HookEvents.GatewayStartup(node));
            CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeServiceUnbind, "gateway-shutdown-hooks", async () =>
            {
                var wanting = catalog.Wanting(HookEventNames.GatewayShutdown);
                if (wanting.Count == 0) return Done.Instance;
                var allowance = Budget(wanting) < ShutdownHooksAllowance ? Budget(wanting) : ShutdownHooksAllowance;
                try
                {
                    await runner.Ask<Verdict>(new RunAll(HookEvents.GatewayShutdown(node)), allowance).ConfigureAwait(false);
                }
                catch (AskTimeoutException)
                {
                    // The node stops anyway: a shutdown hook gets what time there is.
                }
                return Done.Instance;
            });
        });
}
