using Akka.Actor;
using EdgeCrab.Gateway.Sessions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace EdgeCrab.Gateway.Tests.Sessions;

/// <summary>Issue 9, item 5: an actor name belongs to one conversation id only.</summary>
public sealed class SessionKeySpecs
{
    // Pieces that stress the escaping: its own escape character, what '%' escapes looked like, odd Unicode.
    private static readonly Gen<string> Ids = Gen.Elements(
            "p", "q", " ", "~", "~20", "%", "%20", "20", "-", "_", ".", "$", "/", "+", "=", "#", "中", "😀", "\ud800", "\udc00", "\u0000", "A", "z9")
        .ListOf().Select(pieces => string.Concat(pieces));

    [Fact]
    public void ActorName_should_tell_apart_the_ids_that_used_to_collide()
    {
        Assert.NotEqual(new SessionKey("p q").ActorName, new SessionKey("p~20q").ActorName);
        Assert.True(ActorPath.IsValidPathElement(new SessionKey("p q").ActorName));
        Assert.True(ActorPath.IsValidPathElement(new SessionKey("p~20q").ActorName));
    }

    [Fact]
    public void ActorName_should_keep_a_plain_id_readable() =>
        Assert.Equal("s-cidLoad1x2", new SessionKey("cidLoad1x2").ActorName);

    [Property(MaxTest = 2000)]
    public Property ActorName_should_be_distinct_for_distinct_ids() =>
        Prop.ForAll(Ids.ToArbitrary(), Ids.ToArbitrary(), (a, b) =>
            a == b || new SessionKey(a).ActorName != new SessionKey(b).ActorName);

    [Property(MaxTest = 1000)]
    public Property ActorName_should_always_be_a_valid_actor_name() =>
        Prop.ForAll(Ids.ToArbitrary(), id => ActorPath.IsValidPathElement(new SessionKey(id).ActorName));

    [Property(MaxTest = 500)]
    public bool ActorName_should_be_valid_and_distinct_for_arbitrary_strings(string a, string b) =>
        ActorPath.IsValidPathElement(new SessionKey(a ?? "").ActorName)
        && ((a ?? "") == (b ?? "") || new SessionKey(a ?? "").ActorName != new SessionKey(b ?? "").ActorName);
}
