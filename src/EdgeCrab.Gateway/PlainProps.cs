using Akka.Actor;

namespace EdgeCrab.Gateway;

/// <summary>
/// Props that create their actor by a plain constructor call. <c>Props.Create(() => new X(a, b))</c> takes the call
/// as an expression tree and compiles each argument into a dynamic method, every time Props are made: for actors made
/// per conversation or per turn that was about a sixth of the gateway's CPU in a burst into new conversations (the
/// compiling, and finalizing the dynamic methods after), measured in issue 14. Actors made once per node keep the
/// usual form. They live in a <see cref="CompactMailbox"/>, which costs nothing while they are idle.
/// </summary>
internal static class PlainProps
{
    public static Props Of<TActor>(Func<TActor> create) where TActor : ActorBase => Props.CreateBy(new Producer<TActor>(create)).WithMailbox(CompactMailbox.Id);

    private sealed class Producer<TActor>(Func<TActor> create) : IIndirectActorProducer where TActor : ActorBase
    {
        public Type ActorType => typeof(TActor);

        // A fresh actor each time: Akka calls this again when it restarts the actor.
        public ActorBase Produce() => create();

        public void Release(ActorBase actor) { }
    }
}
