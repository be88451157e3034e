using EdgeCrab.Gateway.Agent;
using Xunit;

namespace EdgeCrab.Gateway.Tests.Agent;

public sealed class RetryAfterSpecs
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null, "7", 7_000)]
    [InlineData(null, " 0 ", 0)]
    [InlineData(null, "1.5", 1_500)]
    [InlineData("250", "7", 250)]
    [InlineData(null, "Sun, 29 Nov 2026 12:00:20 GMT", 20_000)]
    [InlineData(null, "Sun, 29 Nov 2026 11:59:00 GMT", 0)]
    public void Parse_should_read_milliseconds_seconds_or_an_http_date(string? retryAfterMs, string retryAfter, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), RetryAfter.Parse(retryAfterMs, retryAfter, Now));

    [Theory]
    [InlineData(null, null)]
    [InlineData(null, "")]
    [InlineData(null, "soon")]
    [InlineData(null, "-3")]
    [InlineData("x", "NaN")]
    public void Parse_should_give_nothing_for_a_missing_or_unreadable_header(string? retryAfterMs, string? retryAfter) =>
        Assert.Null(RetryAfter.Parse(retryAfterMs, retryAfter, Now));

    [Fact]
    public void Backoff_should_double_from_about_a_second_and_stay_under_its_cap()
    {
        Assert.InRange(ModelRetryPolicy.Backoff(0), TimeSpan.FromSeconds(0.8), TimeSpan.FromSeconds(1.2));
        Assert.InRange(ModelRetryPolicy.Backoff(1), TimeSpan.FromSeconds(1.6), TimeSpan.FromSeconds(2.4));
        Assert.InRange(ModelRetryPolicy.Backoff(2), TimeSpan.FromSeconds(3.2), TimeSpan.FromSeconds(4.8));
        Assert.InRange(ModelRetryPolicy.Backoff(30), TimeSpan.FromSeconds(6.4), TimeSpan.FromSeconds(9.6));
    }
}
