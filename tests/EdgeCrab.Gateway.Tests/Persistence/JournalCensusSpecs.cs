using Akka.Actor;
using Akka.TestKit.Xunit2;
using EdgeCrab.Gateway.Persistence;
using Xunit;

namespace EdgeCrab.Gateway.Tests.Persistence;

/// <summary>
/// When the census may call a conversation new: a lone node once it has loaded the journal's ids; a node sharing its
/// journal only in a shard that came to it before a load started, so an id another node wrote is never taken for new.
/// </summary>
public sealed class JournalCensusSpecs : TestKit
{
    private readonly List<string> _journal = ["old"];
    private int _loads;

    // The journal's ids as a load finds them; synchronous, so a load asked for by a claim is done when the claim returns.
    private Task<IReadOnlyCollection<string>> ListIds(CancellationToken ct)
    {
        _loads++;
        return Task.FromResult<IReadOnlyCollection<string>>(_journal.ToArray());
    }

    [Fact]
    public async Task A_lone_node_should_call_new_only_ids_its_journal_never_held_and_only_once()
    {
        var census = JournalCensus.ForOnlyWriter();
        var shard = CreateTestProbe().Ref;
        Assert.False(census.Claim("before-load", shard)); // not loaded: recover in full

        await census.LoadAsync(ListIds);

        Assert.False(census.Claim("old", shard));
        Assert.True(census.Claim("fresh", shard));
        Assert.True(census.TakeStartingNew("fresh"));
        Assert.False(census.TakeStartingNew("fresh"));
        // The same session starting again (a failed write) recovers in full.
        Assert.False(census.Claim("fresh", shard));
        Assert.False(census.Claim("before-load", shard));
        Assert.Equal(1, _loads);
    }

    [Fact]
    public async Task A_known_id_should_be_handed_out_as_the_census_own_string_and_an_unknown_one_as_given()
    {
        var census = JournalCensus.ForOnlyWriter();
        await census.LoadAsync(ListIds);
        var loaded = census.Shared(new string("old".AsSpan()));
        var fresh = new string("fresh".AsSpan());

        Assert.Same(loaded, census.Shared(new string("old".AsSpan())));
        Assert.Same(fresh, census.Shared(fresh));
        census.Claim(fresh, CreateTestProbe().Ref);
        Assert.Same(fresh, census.Shared(new string("fresh".AsSpan())));
        Assert.Equal("x", JournalCensus.Off.Shared("x"));
    }

    [Fact]
    public async Task A_cluster_node_should_trust_the_census_for_a_shard_only_after_a_load_that_began_once_it_held_it()
    {
        var census = JournalCensus.ForSharedJournal();
        await census.LoadAsync(ListIds);
        var shard = CreateTestProbe().Ref;

        // Just arrived: another node may have written its ids since the last load. Asks for a load, recovers in full.
        Assert.False(census.Claim("fresh-1", shard));
        Assert.Equal(2, _loads);
        Assert.True(census.Claim("fresh-2", shard));
        Assert.False(census.Claim("old", shard));
        Assert.Equal(2, _loads);
    }

    [Fact]
    public async Task An_id_another_node_wrote_while_it_held_the_shard_should_never_be_called_new_here()
    {
        var census = JournalCensus.ForSharedJournal();
        await census.LoadAsync(ListIds);
        var here = CreateTestProbe().Ref;
        census.Claim("warm-up", here);
        Assert.True(census.Claim("ours", here));

        // The shard goes to another node, which starts "theirs"; then it comes back as a new shard actor.
        _journal.Add("theirs");
        var back = CreateTestProbe().Ref;
        Assert.False(census.Claim("theirs", back));   // untrusted shard: recovers in full, and a load starts
        Assert.False(census.IsNew("theirs"));          // that load found it, and so did the claim
        Assert.True(census.Claim("brand-new", back));  // the shard is trusted again
    }

    [Fact]
    public async Task A_failed_load_should_leave_every_session_recovering_in_full()
    {
        var census = JournalCensus.ForSharedJournal();
        await census.LoadAsync(_ => Task.FromException<IReadOnlyCollection<string>>(new InvalidOperationException("journal down")));

        Assert.False(census.IsLoaded);
        var shard = CreateTestProbe().Ref;
        Assert.False(census.Claim("fresh", shard));
        Assert.False(census.Claim("fresh-2", shard));
    }

    [Fact]
    public void Off_should_never_call_anything_new()
    {
        Assert.False(JournalCensus.Off.Claim("anything", ActorRefs.Nobody));
        Assert.False(JournalCensus.Off.IsLoaded);
    }
}
