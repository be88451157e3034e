using EdgeCrab.Host.Settings;
using Xunit;

namespace EdgeCrab.Host.Tests.Settings;

public sealed class SettingTextSpecs
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("10s", 10_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("30m", 1_800_000)]
    [InlineData("2H", 7_200_000)]
    [InlineData("00:00:03", 3_000)]
    public void Duration_should_read_units_and_clock_text(string text, int milliseconds)
    {
        Assert.True(DurationText.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("10")]
    [InlineData("ten seconds")]
    [InlineData("-5s")]
    public void Duration_should_refuse_text_without_a_unit(string text) => Assert.False(DurationText.TryParse(text, out _));

    [Fact]
    public void Seed_should_print_back_as_it_was_written()
    {
        Assert.True(ClusterSeed.TryParse("[::1]:4053", out var seed));
        Assert.Equal("[::1]:4053", seed.ToString());
        Assert.Equal("node-a:1", new ClusterSeed("node-a", 1).ToString());
    }
}
