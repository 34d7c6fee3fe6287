using System.Net;
using System.Text;
using System.Text.Json;
using Parley.Contracts;
using Parley.Core;
using Parley.Webhooks;

namespace Parley.Server.Tests;

/// <summary>Webhook rules that need no server: filter semantics, the SSRF address check, signature vectors.</summary>
public sealed class WebhookRuleTests
{
    private static readonly Guid Owner = Guid.CreateVersion7();
    private static readonly Guid Org = Guid.CreateVersion7();

    private static JsonElement Data(object value) => JsonSerializer.SerializeToElement(value);

    [Fact]
    public void Standard_webhooks_signature_matches_the_specification_test_vector()
    {
        var signature = WebhookSignatures.Standard(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, Encoding.UTF8.GetBytes("{\"test\": 2432232314}"));
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void Filters_decode_values_once_compare_ids_by_local_id_and_match_any_listed_mention()
    {
        var person = Guid.CreateVersion7();
        var other = Guid.CreateVersion7();
        var message = Data(new
        {
            personId = WebexId.Encode(WebexIdType.Person, person),
            personEmail = "Ann+Lee@Example.com",
            roomType = "group",
            mentionedPeople = new[] { WebexId.Encode(WebexIdType.Person, Owner) },
        });

        // A bare UUID names the same person as its encoded ID; emails compare case-insensitively after decoding.
        Assert.True(WebhookFilter.Parse($"personId={person}", "messages", false).Matches("messages", message, Owner, Org));
        Assert.True(WebhookFilter.Parse("personEmail=ann%2Blee%40example.com", "messages", false).Matches("messages", message, Owner, Org));
        Assert.False(WebhookFilter.Parse("personEmail=ann+lee%40example.com", "messages", false).Matches("messages", message, Owner, Org));
        Assert.True(WebhookFilter.Parse($"mentionedPeople={other},me", "messages", false).Matches("messages", message, Owner, Org));
        Assert.False(WebhookFilter.Parse($"mentionedPeople={other}", "messages", false).Matches("messages", message, Owner, Org));
        Assert.False(WebhookFilter.Parse("roomType=group&hasFiles=true", "messages", false).Matches("messages", message, Owner, Org));
        Assert.True(WebhookFilter.Parse("roomType=group&hasFiles=false", "messages", false).Matches("messages", message, Owner, Org));
    }

    [Fact]
    public void Firehose_filters_only_pass_events_of_resources_that_define_every_used_key()
    {
        var filter = WebhookFilter.Parse("roomType=group", "all", false);
        Assert.True(filter.Matches("messages", Data(new { roomType = "group" }), Owner, Org));
        // memberships and rooms do not define roomType (rooms use type).
        Assert.False(filter.Matches("rooms", Data(new { type = "group" }), Owner, Org));
        Assert.False(filter.Matches("memberships", Data(new { roomType = "group" }), Owner, Org));
        Assert.Throws<ValidationException>(() => WebhookFilter.Parse("RoomType=group", "messages", false));
        Assert.Throws<ValidationException>(() => WebhookFilter.Parse("orgId=x", "messages", false));
        Assert.True(WebhookResources.Selects("all", "all", "messages", "created"));
        Assert.False(WebhookResources.Selects("all", "all", "attachmentActions", "created"));
        Assert.False(WebhookResources.Selects("messages", "created", "messages", "deleted"));
    }

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("8.8.8.8", true)]
    [InlineData("2001:4860:4860::8888", true)]
    public void Only_public_addresses_pass_the_target_guard(string address, bool isPublic) =>
        Assert.Equal(isPublic, TargetGuard.IsPublic(IPAddress.Parse(address)));
}
