using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Parley.Contracts;

namespace Parley.Server.Tests;

/// <summary>Wire conventions of 00-conventions that no resource test covers: bodies, IDs, query values, headers.</summary>
public sealed class WireConventionTests(ParleyServer server) : IClassFixture<ParleyServer>
{
    [Fact]
    public async Task Text_plain_body_and_body_without_content_type_are_415()
    {
        var alice = await server.CreateUserAsync();
        var json = Encoding.UTF8.GetBytes("""{"title":"Typed wrong"}""");

        (await SendRawAsync(alice.Client, HttpMethod.Post, "/v1/rooms", json, "text/plain; charset=utf-8")).AssertWebexError(415);
        (await SendRawAsync(alice.Client, HttpMethod.Post, "/v1/rooms", json, contentType: null)).AssertWebexError(415);

        var (_, rooms) = await alice.Client.GetJsonAsync("/v1/rooms");
        Assert.Empty(rooms!["items"]!.AsArray());
    }

    [Theory]
    [InlineData("{\"title\": \"Half")]
    [InlineData("{\"title\":\"Trailing comma\",}")]
    [InlineData("{'title':'Single quotes'}")]
    [InlineData("{\"title\":\"Two\"}{\"title\":\"Objects\"}")]
    public async Task Malformed_json_is_400(string body)
    {
        var alice = await server.CreateUserAsync();

        var result = await SendRawAsync(alice.Client, HttpMethod.Post, "/v1/rooms", Encoding.UTF8.GetBytes(body), "application/json");

        result.AssertWebexError(400);
        // Not read as an empty object either, which would fail on the title instead.
        Assert.NotEqual("Title cannot be empty.", result.Body!["message"]!.GetValue<string>());
        var (_, rooms) = await alice.Client.GetJsonAsync("/v1/rooms");
        Assert.Empty(rooms!["items"]!.AsArray());
    }

    [Theory]
    [InlineData("application/json;charset=UTF-8")]
    [InlineData("application/json; charset=\"utf-8\"")]
    [InlineData("APPLICATION/JSON; Charset=utf-8")]
    public async Task Json_with_a_charset_parameter_is_accepted(string contentType)
    {
        var alice = await server.CreateUserAsync();

        var (response, room) = await SendRawAsync(alice.Client, HttpMethod.Post, "/v1/rooms", Encoding.UTF8.GetBytes("""{"title":"Charset"}"""), contentType);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Charset", room!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Empty_body_with_a_json_content_type_is_an_empty_object_on_every_method()
    {
        var alice = await server.CreateUserAsync();
        var team = await alice.CreateTeamAsync("Bodiless");
        var room = await alice.CreateRoomAsync("Doomed");

        // POST and PUT bind as {}: the field rule fails, not JSON parsing.
        var post = await SendRawAsync(alice.Client, HttpMethod.Post, "/v1/rooms", [], "application/json");
        post.AssertWebexError(400);
        Assert.Equal("Title cannot be empty.", post.Body!["message"]!.GetValue<string>());
        var put = await SendRawAsync(alice.Client, HttpMethod.Put, $"/v1/teams/{team.Id()}", [], "application/json");
        put.AssertWebexError(400);
        Assert.Equal("Name cannot be empty.", put.Body!["message"]!.GetValue<string>());

        // node-sparky sends the JSON content type on GET and DELETE too.
        var (getResponse, me) = await SendRawAsync(alice.Client, HttpMethod.Get, "/v1/people/me", [], "application/json");
        Assert.Equal(HttpStatusCode.OK, getResponse.StatusCode);
        Assert.Equal(alice.Id, me!["id"]!.GetValue<string>());
        var (deleteResponse, _) = await SendRawAsync(alice.Client, HttpMethod.Delete, $"/v1/rooms/{room.Id()}", [], "application/json");
        Assert.Equal(HttpStatusCode.NoContent, deleteResponse.StatusCode);
        (await alice.Client.GetJsonAsync($"/v1/rooms/{room.Id()}")).AssertWebexError(404);
    }

    [Fact]
    public async Task Response_bytes_escape_strings_as_JSON_stringify_does()
    {
        var alice = await server.CreateUserAsync();
        const string title = "Café 😀 ünïcödé <b>&'\"quoted\"";
        // JSON.stringify(title): only the quotes are escaped.
        var expected = Encoding.UTF8.GetBytes("\"title\":\"Café 😀 ünïcödé <b>&'\\\"quoted\\\"\"");

        var created = await SendRawAsync(alice.Client, HttpMethod.Post, "/v1/rooms", Encoding.UTF8.GetBytes(new JsonObject { ["title"] = title }.ToJsonString()), "application/json");
        Assert.Equal(HttpStatusCode.OK, created.Response.StatusCode);
        using var get = await alice.Client.GetAsync($"/v1/rooms/{created.Body!.Id()}");
        var raw = await get.Content.ReadAsByteArrayAsync();

        Assert.True(raw.AsSpan().IndexOf(expected) >= 0, "Response was: " + Encoding.UTF8.GetString(raw));
        Assert.Equal(title, JsonNode.Parse(raw)!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Room_id_path_accepts_padded_standard_and_bare_forms_and_rejects_others()
    {
        var alice = await server.CreateUserAsync();
        var id = (await alice.CreateRoomAsync("Id forms")).Id();
        Assert.True(WebexId.TryDecode(id, out _, out var uuid));
        var forms = new List<string> { uuid, uuid.ToUpperInvariant(), $"%20{id}%20" };
        // Our own IDs never hold '+', '/' or '=' (ASCII hex UUIDs cannot produce those sextets, and the length is a
        // multiple of 3), but the cluster segment is ignored on input: these two give '+' and '/' with padding.
        foreach (var cluster in new[] { "a>?", "a?>" })
        {
            var standard = Convert.ToBase64String(Encoding.ASCII.GetBytes($"ciscospark://{cluster}/ROOM/{uuid}"));
            var urlSafe = standard.Replace('+', '-').Replace('/', '_');
            Assert.EndsWith("=", standard, StringComparison.Ordinal);
            Assert.NotEqual(standard, urlSafe);
            forms.AddRange(new[] { standard, standard.TrimEnd('='), urlSafe, urlSafe.TrimEnd('=') }.Select(Uri.EscapeDataString));
        }

        foreach (var form in forms)
        {
            var (response, room) = await alice.Client.GetJsonAsync($"/v1/rooms/{form}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{form} gave {(int)response.StatusCode}");
            Assert.Equal(id, room!["id"]!.GetValue<string>());
        }

        (await alice.Client.GetJsonAsync("/v1/rooms/not-an-id")).AssertWebexError(400);
        (await alice.Client.GetJsonAsync($"/v1/rooms/{uuid[..^1]}")).AssertWebexError(400);
        (await alice.Client.GetJsonAsync($"/v1/rooms/{WebexId.Encode("TEAM", uuid)}")).AssertWebexError(404);
        (await alice.Client.GetJsonAsync($"/v1/rooms/{WebexId.Encode("MESSAGE", uuid)}")).AssertWebexError(404);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("abc")]
    public async Task Max_that_is_not_a_positive_integer_is_400(string max)
    {
        var alice = await server.CreateUserAsync();
        var team = await alice.CreateTeamAsync("Max");

        (await alice.Client.GetJsonAsync($"/v1/teams?max={max}")).AssertWebexError(400);
        (await alice.Client.GetJsonAsync($"/v1/team/memberships?teamId={team.Id()}&max={max}")).AssertWebexError(400);
        (await alice.Client.GetJsonAsync($"/v1/memberships?max={max}")).AssertWebexError(400);
    }

    [Fact]
    public async Task Huge_max_is_clamped_and_the_link_carries_the_clamped_value()
    {
        // With callingData=true people pages are capped at 100, so 101 people are enough to need a second page.
        await Task.WhenAll(Enumerable.Range(0, 101).Select(i => server.CreateUserAsync($"Clamp {i}")));

        var (response, page) = await server.Admin.GetJsonAsync("/v1/people?callingData=true&max=100000");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(100, page!["items"]!.AsArray().Count);
        var link = response.Headers.GetValues("Link").Single();
        Assert.Contains("max=100&", link, StringComparison.Ordinal);
        Assert.DoesNotContain("100000", link, StringComparison.Ordinal);
        Assert.Contains("callingData=true", link, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Boolean_query_values_are_case_insensitive()
    {
        var alice = await server.CreateUserAsync();
        var room = await alice.CreateRoomAsync("Private to Alice");

        var (trueResponse, publicRooms) = await alice.Client.GetJsonAsync("/v1/rooms?orgPublicSpaces=True");
        Assert.Equal(HttpStatusCode.OK, trueResponse.StatusCode);
        Assert.DoesNotContain(room.Id(), Ids(publicRooms));
        (await alice.Client.GetJsonAsync("/v1/rooms?orgPublicSpaces=TRUE&type=group")).AssertWebexError(400);

        var (falseResponse, ownRooms) = await alice.Client.GetJsonAsync("/v1/rooms?orgPublicSpaces=FALSE&type=group");
        Assert.Equal(HttpStatusCode.OK, falseResponse.StatusCode);
        Assert.Contains(room.Id(), Ids(ownRooms));

        (await alice.Client.GetJsonAsync("/v1/rooms?orgPublicSpaces=yes")).AssertWebexError(400);
    }

    [Fact]
    public async Task Empty_query_values_are_treated_as_absent()
    {
        var alice = await server.CreateUserAsync();
        var room = await alice.CreateRoomAsync("Listed");

        foreach (var query in new[] { "teamId=", "teamId=&type=&sortBy=&max=", "teamId=%20" })
        {
            var (response, rooms) = await alice.Client.GetJsonAsync($"/v1/rooms?{query}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query} gave {(int)response.StatusCode}");
            Assert.Contains(room.Id(), Ids(rooms));
        }
        (await alice.Client.GetJsonAsync("/v1/rooms?teamId=garbage")).AssertWebexError(400);
    }

    [Fact]
    public async Task Delete_responses_have_no_body_and_no_content_type()
    {
        var alice = await server.CreateUserAsync();
        var room = await alice.CreateRoomAsync("Short-lived");
        var team = await alice.CreateTeamAsync("Short-lived team");

        foreach (var url in new[] { $"/v1/rooms/{room.Id()}", $"/v1/teams/{team.Id()}" })
        {
            using var response = await alice.Client.DeleteAsync(url);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            Assert.Null(response.Content.Headers.ContentType);
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task Every_response_carries_a_tracking_id()
    {
        var alice = await server.CreateUserAsync();
        var room = await alice.CreateRoomAsync("Tracked");
        var requests = new (HttpClient Client, HttpRequestMessage Request, HttpStatusCode Status)[]
        {
            (alice.Client, new(HttpMethod.Get, "/v1/people/me"), HttpStatusCode.OK),
            (alice.Client, new(HttpMethod.Delete, $"/v1/rooms/{room.Id()}"), HttpStatusCode.NoContent),
            (alice.Client, new(HttpMethod.Get, "/v1/rooms/not-an-id"), HttpStatusCode.BadRequest),
            (server.Anonymous(), new(HttpMethod.Get, "/v1/people/me"), HttpStatusCode.Unauthorized),
            (alice.Client, new(HttpMethod.Get, "/v1/nowhere"), HttpStatusCode.NotFound),
            (alice.Client, new(HttpMethod.Patch, "/v1/rooms"), HttpStatusCode.MethodNotAllowed),
            (alice.Client, new(HttpMethod.Post, "/v1/rooms") { Content = new StringContent("x", Encoding.UTF8, "text/plain") }, HttpStatusCode.UnsupportedMediaType),
            (server.Anonymous(), Preflight(), HttpStatusCode.NoContent),
        };

        foreach (var (client, request, status) in requests)
        {
            using var response = await client.SendAsync(request);
            Assert.Equal(status, response.StatusCode);
            Assert.True(response.Headers.TryGetValues("TrackingID", out var values), $"{request.Method} {request.RequestUri} has no TrackingID");
            Assert.Matches("^ROUTER_[0-9A-F-]{36}$", values.Single());
            request.Dispose();
        }
    }

    private static HttpRequestMessage Preflight()
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/v1/rooms");
        request.Headers.Add("Origin", "https://app.example.com");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        return request;
    }

    private static List<string> Ids(JsonNode? list) => list!["items"]!.AsArray().Select(r => r!.Id()).ToList();

    /// <summary>Sends exactly these bytes with exactly this Content-Type (none when null).</summary>
    private static async Task<(HttpResponseMessage Response, JsonNode? Body)> SendRawAsync(HttpClient client, HttpMethod method, string url, byte[] body, string? contentType)
    {
        using var request = new HttpRequestMessage(method, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = null;
        if (contentType is not null)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? null : JsonNode.Parse(text));
    }
}

/// <summary>A server whose public base URL differs from the address it listens on.</summary>
public sealed class PublicBaseUrlServer() : ParleyServer(new Dictionary<string, string?>
{
    ["Parley:PublicBaseUrl"] = "https://chat.example.com/parley/",
});

public sealed class PublicBaseUrlTests(PublicBaseUrlServer server) : IClassFixture<PublicBaseUrlServer>
{
    [Fact]
    public async Task Link_urls_are_absolute_on_the_configured_public_base()
    {
        var alice = await server.CreateUserAsync();
        await alice.CreateRoomAsync("First");
        var second = await alice.CreateRoomAsync("Second");

        var (response, page) = await alice.Client.GetJsonAsync("/v1/rooms/?max=1&sortBy=created");

        Assert.Single(page!["items"]!.AsArray());
        var link = response.Headers.GetValues("Link").Single();
        Assert.StartsWith("<https://chat.example.com/parley/v1/rooms?sortBy=created&max=1&cursor=", link, StringComparison.Ordinal);
        Assert.EndsWith(">; rel=\"next\"", link, StringComparison.Ordinal);

        // The same path and query on the real listener gives the next page.
        var next = link[1..link.IndexOf('>', StringComparison.Ordinal)].Replace("https://chat.example.com/parley", "", StringComparison.Ordinal);
        var (nextResponse, nextPage) = await alice.Client.GetJsonAsync(next);
        Assert.Equal(HttpStatusCode.OK, nextResponse.StatusCode);
        Assert.Single(nextPage!["items"]!.AsArray());
        Assert.NotEqual(page["items"]![0]!.Id(), nextPage["items"]![0]!.Id());
        Assert.Contains(second.Id(), new[] { page["items"]![0]!.Id(), nextPage["items"]![0]!.Id() });
    }
}
