using System.Net;
using System.Text.Json.Nodes;
using Parley.Contracts;

namespace Parley.Server.Tests;

public sealed class ConventionTests(ParleyServer server) : IClassFixture<ParleyServer>
{
    [Fact]
    public async Task People_me_returns_the_administrator_with_webex_shapes()
    {
        var (response, body) = await server.Admin.GetJsonAsync("/v1/people/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json;charset=UTF-8", response.Content.Headers.ContentType!.ToString().Replace(" ", ""));
        Assert.True(WebexId.TryDecode(body!["id"]!.GetValue<string>(), out var type, out _));
        Assert.Equal("PEOPLE", type);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", body["created"]!.GetValue<string>());
        Assert.Equal("person", body["type"]!.GetValue<string>());
        WebexSchema.AssertConforms(body, "Person");
    }

    [Fact]
    public void Schema_check_rejects_undocumented_fields_and_wrong_types()
    {
        Assert.ThrowsAny<Exception>(() => WebexSchema.AssertConforms(JsonNode.Parse("""{"bogus":1}"""), "Room"));
        Assert.ThrowsAny<Exception>(() => WebexSchema.AssertConforms(JsonNode.Parse("""{"isLocked":"yes"}"""), "Room"));
        Assert.ThrowsAny<Exception>(() => WebexSchema.AssertConforms(JsonNode.Parse("""{"type":"channel"}"""), "Room"));
        WebexSchema.AssertConforms(JsonNode.Parse("""{"isLocked":true,"type":"group"}"""), "Room");
    }

    [Fact]
    public async Task Missing_or_unknown_token_is_401_with_error_body()
    {
        (await server.Anonymous().GetJsonAsync("/v1/people/me")).AssertWebexError(401);
        (await server.ClientWithToken("nope").GetJsonAsync("/v1/people/me")).AssertWebexError(401);
    }

    [Fact]
    public async Task Unknown_route_is_404_and_wrong_method_is_405_with_allow()
    {
        (await server.Admin.GetJsonAsync("/v1/nothing-here")).AssertWebexError(404);
        var wrongMethod = await server.Admin.SendJsonAsync(HttpMethod.Patch, "/v1/people/me");
        wrongMethod.AssertWebexError(405);
        Assert.Contains("GET", wrongMethod.Response.Content.Headers.Allow);
    }

    [Fact]
    public async Task Tracking_id_is_echoed_when_sent()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/people/me");
        request.Headers.Add("trackingid", "my-tracking-id");
        var response = await server.Admin.SendAsync(request);
        Assert.Equal("my-tracking-id", response.Headers.GetValues("TrackingID").Single());
    }

    [Fact]
    public async Task Trailing_slash_is_the_same_resource()
    {
        var (response, body) = await server.Admin.GetJsonAsync("/v1/people/me/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(body!["id"]);
    }

    [Fact]
    public void Json_escaping_matches_JSON_stringify()
    {
        // JSON.stringify({t: "héllo 😀 <b>&'\"\\\n\u0001\u2028"}) in JavaScript:
        const string expected = "{\"t\":\"héllo 😀 <b>&'\\\"\\\\\\n\\u0001\u2028\"}";
        var actual = System.Text.Json.JsonSerializer.Serialize(new JsonObject { ["t"] = "héllo 😀 <b>&'\"\\\n\u0001\u2028" }, WebexJson.Options);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Cors_preflight_allows_browser_clients_and_exposes_link()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/v1/rooms");
        request.Headers.Add("Origin", "https://app.example.com");
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,trackingid,spark-user-agent");
        var preflight = await server.Anonymous().SendAsync(request);
        Assert.True(preflight.IsSuccessStatusCode);
        Assert.Contains("spark-user-agent", string.Join(",", preflight.Headers.GetValues("Access-Control-Allow-Headers")), StringComparison.OrdinalIgnoreCase);

        using var get = new HttpRequestMessage(HttpMethod.Get, "/v1/people/me");
        get.Headers.Add("Origin", "https://app.example.com");
        var response = await server.Admin.SendAsync(get);
        Assert.Contains("Link", string.Join(",", response.Headers.GetValues("Access-Control-Expose-Headers")));
    }
}
