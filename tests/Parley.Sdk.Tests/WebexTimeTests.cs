using Parley.Contracts;

namespace Parley.Sdk.Tests;

/// <summary>The wire timestamp (server responses, and the SDK's query parameters) is written digit by digit.</summary>
public sealed class WebexTimeTests
{
    [Theory]
    [InlineData("2026-11-28T05:07:09.004Z")]
    [InlineData("0001-01-01T00:00:00.000Z")]
    [InlineData("9999-12-31T23:59:59.999Z")]
    [InlineData("2024-02-29T12:30:45.120Z")]
    public void Timestamps_have_exactly_three_fraction_digits_and_a_literal_Z(string wire)
    {
        Assert.True(WebexTime.TryParse(wire, out var utc));

        Assert.Equal(wire, WebexTime.ToWire(utc));
        Assert.Equal(wire, utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Sub_millisecond_ticks_are_truncated_like_the_fff_format()
    {
        var utc = new DateTime(2026, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc).AddTicks(9_999);

        Assert.Equal("2026-01-02T03:04:05.678Z", WebexTime.ToWire(utc));
    }
}
