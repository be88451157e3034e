using Akka.Actor;
using EdgeCrab.Gateway.Sessions;
using Xunit;

namespace EdgeCrab.Gateway.Tests.Sessions;

/// <summary>
/// A session drops its work in progress only when nothing in it is still needed: a child, a trace, an awaited hook
/// answer or a verdict about the running turn keeps it; what only mattered for a turn that is over does not.
/// </summary>
public sealed class ActiveWorkSpecs
{
    [Fact]
    public void New_work_should_be_at_rest() => Assert.True(new ActiveWork().IsAtRest(currentTurn: null));

    [Fact]
    public void A_running_child_or_trace_should_keep_it()
    {
        Assert.False(new ActiveWork { Turn = (3, ActorRefs.Nobody) }.IsAtRest(3));
        Assert.False(new ActiveWork { Outbox = ActorRefs.Nobody }.IsAtRest(null));
        Assert.False(new ActiveWork { MessageTraces = [] }.IsAtRest(null));
        Assert.False(new ActiveWork { ReplyTraces = [] }.IsAtRest(null));
    }

    [Fact]
    public void An_awaited_hook_answer_should_keep_it_even_after_its_turn()
    {
        // The verdict still comes back, and is matched against these.
        Assert.False(new ActiveWork { CommandVetting = "msg1" }.IsAtRest(null));
        Assert.False(new ActiveWork { TurnVetting = 3 }.IsAtRest(null));
    }

    [Fact]
    public void The_hooks_letting_the_running_turn_through_should_keep_it_until_that_turn_is_over()
    {
        Assert.False(new ActiveWork { TurnCleared = 3 }.IsAtRest(3));
        Assert.True(new ActiveWork { TurnCleared = 3 }.IsAtRest(null));
        Assert.True(new ActiveWork { TurnCleared = 3 }.IsAtRest(4));
    }

    [Fact]
    public void A_slot_answer_without_a_turn_should_not_keep_it() => Assert.True(new ActiveWork { Answering = 3 }.IsAtRest(null));
}
