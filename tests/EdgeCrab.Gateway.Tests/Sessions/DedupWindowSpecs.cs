using EdgeCrab.Gateway.Sessions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace EdgeCrab.Gateway.Tests.Sessions;

/// <summary>
/// The dedup window behaves as one ordered list with lazy expiry, whichever of its two shapes (a few msgIds in an
/// array, many in a queue and a hash set) it is in, across every move between them.
/// </summary>
public sealed class DedupWindowSpecs
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    // Each step: a msgId from a pool small enough to repeat, and how far the clock moved (often not at all, so many
    // msgIds share a retention and the window grows past its few-entries shape; sometimes past the retention).
    private static Gen<(int Id, int Seconds)> Step =>
        Gen.Zip(Gen.Choose(0, 40), Gen.Frequency((6, Gen.Constant(0)), (3, Gen.Choose(1, 60)), (1, Gen.Choose(300, 700))));

    [Property(MaxTest = 300)]
    public Property Any_sequence_of_adds_should_match_a_list_with_lazy_expiry() =>
        Prop.ForAll(Step.ListOf().ToArbitrary(), steps =>
        {
            var window = DedupWindow.Empty;
            var model = new List<DedupWindow.Entry>();
            var now = Start;
            foreach (var (id, seconds) in steps)
            {
                now = now.AddSeconds(seconds);
                var msgId = $"msg{id}";
                if (!model.Any(e => e.MsgId == msgId))
                {
                    model.RemoveAll(e => e.At <= now - DedupWindow.Retention);
                    model.Add(new DedupWindow.Entry(msgId, now));
                }
                window = window.Add(msgId, now);
                if (!window.InOrder.SequenceEqual(model) || window.Count != model.Count) return false;
                if (Enumerable.Range(0, 41).Any(i => window.Contains($"msg{i}") != model.Any(e => e.MsgId == $"msg{i}"))) return false;
            }
            return DedupWindow.From(model).InOrder.SequenceEqual(model);
        });

    [Fact]
    public void A_window_should_grow_past_its_few_entries_and_shrink_back_as_they_expire()
    {
        var many = Enumerable.Range(0, 3 * DedupWindow.FewEntries).Aggregate(DedupWindow.Empty, (w, i) => w.Add($"m{i}", Start));
        Assert.Equal(3 * DedupWindow.FewEntries, many.Count);
        Assert.True(many.Contains("m0") && many.Contains($"m{3 * DedupWindow.FewEntries - 1}"));

        var later = many.Add("after", Start + DedupWindow.Retention);

        Assert.Equal([new DedupWindow.Entry("after", Start + DedupWindow.Retention)], later.InOrder);
        Assert.False(later.Contains("m0"));
        Assert.Equal(2, later.Add("next", Start + DedupWindow.Retention).Count);
    }

    [Fact]
    public void A_full_window_should_have_room_only_once_its_oldest_msgId_has_outlived_the_retention()
    {
        var full = DedupWindow.From(Enumerable.Range(0, DedupWindow.MaxEntries).Select(i => new DedupWindow.Entry($"m{i}", Start)));

        Assert.False(full.HasRoom(Start + DedupWindow.Retention - TimeSpan.FromSeconds(1)));
        Assert.True(full.HasRoom(Start + DedupWindow.Retention));
        Assert.True(DedupWindow.Empty.HasRoom(Start));
    }
}
