using System.Text.Json;
using EdgeCrab.Gateway.Sessions;
using EdgeCrab.Gateway.Sessions.Events;
using Xunit;

namespace EdgeCrab.Gateway.Tests.Support;

/// <summary>
/// One step of a state spec: decide, apply what was decided, and check what a live session relies on, that the state
/// the decision hands back (and the session takes instead of applying) is the state applying its events gives.
/// </summary>
internal static class DecisionStep
{
    public static IReadOnlyList<ISessionEvent> Take(ref ConversationState state, SessionInput input, DateTimeOffset now, SessionOptions options)
    {
        var events = state.Decide(input, now, options, out var after);
        foreach (var e in events) state = state.Apply(e);
        // Compared as stored: the state's lists compare by reference.
        Assert.Equal(JsonSerializer.Serialize(SessionSnapshot.From(state)), JsonSerializer.Serialize(SessionSnapshot.From(after)));
        return events;
    }
}
