using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Parley.Server.Tests;

/// <summary>A server that may fetch files from loopback and sweeps deleted files quickly.</summary>
public sealed class FileServer() : ParleyServer(new Dictionary<string, string?>
{
    ["Parley:Security:AllowPrivateNetworkTargets"] = "true",
    ["Parley:Files:SweepInterval"] = "00:00:00.100",
});

/// <summary>A server that refuses private targets except 127.0.0.2, standing in for an allowed host.</summary>
public sealed class GuardedFileServer() : ParleyServer(new Dictionary<string, string?>
{
    ["Parley:Security:AllowedNetworks:0"] = "127.0.0.2/32",
});

/// <summary>A server that fetches at most 1,000 bytes within one second.</summary>
public sealed class SmallFileServer() : ParleyServer(new Dictionary<string, string?>
{
    ["Parley:Security:AllowPrivateNetworkTargets"] = "true",
    ["Parley:Files:MaxFileBytes"] = "1000",
    ["Parley:Files:FetchTimeout"] = "00:00:01",
});

public sealed class FileTests(FileServer server, GuardedFileServer guarded, SmallFileServer small)
    : IClassFixture<FileServer>, IClassFixture<GuardedFileServer>, IClassFixture<SmallFileServer>
{
    private const long MiB = 1024 * 1024;

    private static string S(JsonNode? node) => node!.GetValue<string>();

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    private static async Task<(HttpResponseMessage Response, JsonNode? Body)> UploadAsync(
        HttpClient client, IEnumerable<(string Name, string Value)> fields, HttpContent? file, string fileName = "report.bin")
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }
        if (file is not null)
        {
            // Set by hand: MultipartFormDataContent refuses quotes in names, and browsers send RFC 5987 names too.
            file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"files\"", FileNameStar = fileName };
            form.Add(file);
        }
        var response = await client.PostAsync("/v1/messages", form, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private static ByteArrayContent Bytes(byte[] bytes, string contentType = "application/octet-stream")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return content;
    }

    private static string ContentPath(JsonNode message) => new Uri(S(message["files"]![0])).PathAndQuery;

    private async Task<(TestUser Author, TestUser Member, string RoomId)> RoomAsync(ParleyServer on)
    {
        var author = await on.CreateUserAsync();
        var member = await on.CreateUserAsync();
        return (author, member, await on.CreateGroupRoomAsync([author, member]));
    }

    private IEnumerable<string> Blobs(ParleyServer on) =>
        Directory.EnumerateFiles(Path.Combine(on.DataDirectory, "files"), "*", SearchOption.AllDirectories);

    [Fact]
    public async Task A_multipart_upload_round_trips_byte_for_byte_through_contents()
    {
        var (author, member, roomId) = await RoomAsync(server);
        var bytes = RandomBytes(3 * 1024 * 1024 + 17);

        var (response, message) = await UploadAsync(author.Client, [("roomId", roomId), ("text", "the report")], Bytes(bytes, "application/x-parley-test"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("the report", S(message!["text"]));
        var url = S(Assert.Single(message["files"]!.AsArray()));
        Assert.StartsWith(server.BaseAddress + "v1/contents/", url);
        var (_, fetched) = await member.Client.GetJsonAsync($"/v1/messages/{S(message["id"])}");
        Assert.Equal(url, S(fetched!["files"]![0]));

        using var content = await member.Client.GetAsync(url, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, content.StatusCode);
        Assert.Equal(bytes, await content.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal("application/x-parley-test", content.Content.Headers.ContentType!.MediaType);
        Assert.Equal(bytes.Length, content.Content.Headers.ContentLength);
        Assert.Equal("attachment; filename=\"report.bin\"", content.Content.Headers.GetValues("Content-Disposition").Single());
        Assert.Equal("private", content.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task A_non_ascii_file_name_survives_with_an_rfc6266_filename_star()
    {
        var (author, _, roomId) = await RoomAsync(server);
        const string name = "Résumé \"final\" 📄.pdf";

        var (response, message) = await UploadAsync(author.Client, [("roomId", roomId)], Bytes([1, 2, 3], "application/pdf"), name);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(message!.AsObject().ContainsKey("text"));
        using var content = await author.Client.GetAsync(ContentPath(message), TestContext.Current.CancellationToken);
        var disposition = content.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal(name, disposition.FileNameStar);
        Assert.Equal(
            "attachment; filename=\"R_sum_ \\\"final\\\" __.pdf\"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%22final%22%20%F0%9F%93%84.pdf",
            content.Content.Headers.GetValues("Content-Disposition").Single());
    }

    [Fact]
    public async Task Head_and_byte_ranges_work()
    {
        var (author, _, roomId) = await RoomAsync(server);
        var bytes = RandomBytes(1000);
        var (_, message) = await UploadAsync(author.Client, [("roomId", roomId)], Bytes(bytes, "image/png"), "pic.png");
        var path = ContentPath(message!);

        using var head = await author.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(1000, head.Content.Headers.ContentLength);
        Assert.Equal("image/png", head.Content.Headers.ContentType!.MediaType);
        Assert.Equal("pic.png", head.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
        Assert.Empty(await head.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));

        var ranged = new HttpRequestMessage(HttpMethod.Get, path);
        ranged.Headers.Range = new RangeHeaderValue(100, 199);
        using var part = await author.Client.SendAsync(ranged, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal("bytes 100-199/1000", part.Content.Headers.ContentRange!.ToString());
        Assert.Equal(bytes[100..200], await part.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Only_readers_of_the_message_get_its_content()
    {
        var (author, _, roomId) = await RoomAsync(server);
        var outsider = await server.CreateUserAsync();
        var bot = await server.CreateUserAsync(type: Parley.Core.PersonType.Bot);
        await author.Client.PostJsonAsync("/v1/memberships", new { roomId, personId = bot.Id });
        var (_, message) = await UploadAsync(author.Client, [("roomId", roomId)], Bytes([9, 9, 9]));
        var path = ContentPath(message!);

        (await outsider.Client.GetJsonAsync(path)).AssertWebexError(404);
        // A bot reads group messages only when mentioned, and their files likewise.
        (await bot.Client.GetJsonAsync(path)).AssertWebexError(404);
        (await author.Client.GetJsonAsync("/v1/contents/" + Parley.Contracts.WebexId.Encode("CONTENT", $"{Guid.NewGuid():D}/0"))).AssertWebexError(404);
        (await author.Client.GetJsonAsync("/v1/contents/garbage")).AssertWebexError(404);
    }

    [Fact]
    public async Task An_upload_over_100_MB_is_refused_and_leaves_nothing_behind()
    {
        var (author, _, roomId) = await RoomAsync(server);
        var before = Blobs(server).ToList();

        using var huge = new StreamContent(new PatternStream(101 * MiB));
        huge.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var result = await UploadAsync(author.Client, [("roomId", roomId), ("text", "too big")], huge, "huge.bin");

        result.AssertWebexError(400);
        Assert.Equal("The file exceeds the maximum size of 100 MB.", S(result.Body!["message"]));
        Assert.Equal(before, Blobs(server).ToList());
        var (_, list) = await author.Client.GetJsonAsync($"/v1/messages?roomId={roomId}");
        Assert.Empty(list!["items"]!.AsArray());
    }

    [Fact]
    public async Task Deleting_the_message_deletes_its_content()
    {
        var (author, member, roomId) = await RoomAsync(server);
        var (_, message) = await UploadAsync(author.Client, [("roomId", roomId)], Bytes(RandomBytes(5000)));
        var path = ContentPath(message!);
        var blobCount = Blobs(server).Count();

        Assert.Equal(HttpStatusCode.NoContent, (await author.Client.DeleteJsonAsync($"/v1/messages/{S(message!["id"])}")).Response.StatusCode);

        (await member.Client.GetJsonAsync(path)).AssertWebexError(404);
        await Eventually.Async(() => Blobs(server).Count() == blobCount - 1, "the blob to be swept");
    }

    [Fact]
    public async Task Deleting_the_room_deletes_its_files()
    {
        var (author, _, roomId) = await RoomAsync(server);
        var (_, message) = await UploadAsync(author.Client, [("roomId", roomId)], Bytes(RandomBytes(100)));
        var blobCount = Blobs(server).Count();

        Assert.Equal(HttpStatusCode.NoContent, (await author.Client.DeleteJsonAsync($"/v1/rooms/{roomId}")).Response.StatusCode);

        (await author.Client.GetJsonAsync(ContentPath(message!))).AssertWebexError(404);
        await Eventually.Async(() => Blobs(server).Count() == blobCount - 1, "the room's blob to be swept");
    }

    [Fact]
    public async Task A_file_url_is_fetched_when_private_targets_are_allowed()
    {
        await using var host = await FileHost.StartAsync();
        var bytes = RandomBytes(200_000);
        var named = host.Serve("/download/7", bytes, "text/csv", "attachment; filename=\"numbers.csv\"");
        var unnamed = host.Serve("/files/chart.png", [1, 2, 3]);
        var (author, member, roomId) = await RoomAsync(server);

        var (response, message) = await author.Client.PostJsonAsync("/v1/messages", new { roomId, text = "numbers", files = new[] { named } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(host.Url, message!.ToJsonString());
        using var content = await member.Client.GetAsync(ContentPath(message), TestContext.Current.CancellationToken);
        Assert.Equal(bytes, await content.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal("text/csv", content.Content.Headers.ContentType!.MediaType);
        Assert.Equal("numbers.csv", content.Content.Headers.ContentDisposition!.FileName!.Trim('"'));

        // Without a name or type in the response: the URL's last segment, and a type guessed from it.
        var (_, second) = await author.Client.PostJsonAsync("/v1/messages", new { roomId, files = new[] { unnamed } });
        using var head = await member.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, ContentPath(second!)), TestContext.Current.CancellationToken);
        Assert.Equal("chart.png", head.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
        Assert.Equal("image/png", head.Content.Headers.ContentType!.MediaType);

        // Form-encoded posts carry file URLs too.
        using var form = new FormUrlEncodedContent([new("roomId", roomId), new("files", named)]);
        Assert.Equal(HttpStatusCode.OK, (await author.Client.PostAsync("/v1/messages", form, TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task A_file_url_that_fails_is_a_400_and_stores_nothing()
    {
        await using var host = await FileHost.StartAsync();
        var (author, _, roomId) = await RoomAsync(server);

        foreach (var bad in new[] { host.Url + "/missing", "ftp://example.com/x", "not a url", host.Redirect("/loop", host.Url + "/loop") })
        {
            var result = await author.Client.PostJsonAsync("/v1/messages", new { roomId, text = "x", files = new[] { bad } });
            result.AssertWebexError(400);
            Assert.StartsWith("Unable to retrieve content from the URL.", S(result.Body!["message"]));
        }
        var (_, list) = await author.Client.GetJsonAsync($"/v1/messages?roomId={roomId}");
        Assert.Empty(list!["items"]!.AsArray());
    }

    [Fact]
    public async Task A_file_url_over_the_size_limit_or_too_slow_is_refused_and_leaves_nothing_behind()
    {
        await using var host = await FileHost.StartAsync();
        var (author, _, roomId) = await RoomAsync(small);
        var declared = host.Serve("/declared.bin", new byte[1001]);
        var undeclared = host.ServeSlowly("/chunked.bin", chunks: 20, TimeSpan.FromMilliseconds(1));
        var slow = host.ServeSlowly("/slow.bin", chunks: 30, TimeSpan.FromMilliseconds(100));

        var tooBig = await author.Client.PostJsonAsync("/v1/messages", new { roomId, files = new[] { declared } });
        var tooBigChunked = await author.Client.PostJsonAsync("/v1/messages", new { roomId, files = new[] { undeclared } });
        var tooSlow = await author.Client.PostJsonAsync("/v1/messages", new { roomId, files = new[] { slow } });

        foreach (var refused in new[] { tooBig, tooBigChunked })
        {
            refused.AssertWebexError(400);
            Assert.Equal("The file exceeds the maximum size of 1000 bytes.", S(refused.Body!["message"]));
        }
        tooSlow.AssertWebexError(400);
        Assert.Contains("did not finish within 1 seconds", S(tooSlow.Body!["message"]));
        Assert.Empty(Blobs(small));
        var ok = await author.Client.PostJsonAsync("/v1/messages", new { roomId, files = new[] { host.Serve("/fits.bin", new byte[1000]) } });
        Assert.Equal(HttpStatusCode.OK, ok.Response.StatusCode);
    }

    [Fact]
    public async Task Private_targets_are_refused_including_a_redirect_from_an_allowed_host()
    {
        await using var privateHost = await FileHost.StartAsync("127.0.0.1");
        await using var allowedHost = await FileHost.StartAsync("127.0.0.2");
        var secret = privateHost.Serve("/secret", [42]);
        var (author, _, roomId) = await RoomAsync(guarded);

        var direct = await author.Client.PostJsonAsync("/v1/messages", new { roomId, files = new[] { secret } });
        direct.AssertWebexError(400);
        Assert.Contains("AllowPrivateNetworkTargets", S(direct.Body!["message"]));

        var redirected = await author.Client.PostJsonAsync("/v1/messages", new { roomId, files = new[] { allowedHost.Redirect("/innocent", secret) } });
        redirected.AssertWebexError(400);
        Assert.Equal(1, allowedHost.Requests);
        Assert.Equal(0, privateHost.Requests);

        // The allowed host itself is reachable: the refusal above is the redirect's.
        var ok = await author.Client.PostJsonAsync("/v1/messages", new { roomId, files = new[] { allowedHost.Serve("/fine.txt", [1]) } });
        Assert.Equal(HttpStatusCode.OK, ok.Response.StatusCode);
    }

    [Fact]
    public async Task File_rules_give_clear_errors()
    {
        await using var host = await FileHost.StartAsync();
        var url = host.Serve("/a.txt", [1]);
        var (author, _, roomId) = await RoomAsync(server);
        var card = JsonNode.Parse("""{"contentType":"application/vnd.microsoft.card.adaptive","content":{"type":"AdaptiveCard"}}""");

        (await author.Client.PostJsonAsync("/v1/messages", new { roomId, files = new[] { url, url } })).AssertWebexError(400);
        (await author.Client.PostJsonAsync("/v1/messages", new { roomId, files = new[] { url }, attachments = new[] { card } })).AssertWebexError(400);
        (await UploadAsync(author.Client, [("roomId", roomId), ("attachments", card!.ToJsonString())], Bytes([1]))).AssertWebexError(400);
        (await UploadAsync(author.Client, [("roomId", roomId), ("files", url)], Bytes([1]))).AssertWebexError(400);
        (await UploadAsync(author.Client, [("roomId", Guid.NewGuid().ToString())], Bytes([1]))).AssertWebexError(404);
        Assert.Equal(0, host.Requests);

        var (_, message) = await UploadAsync(author.Client, [("roomId", roomId), ("text", "v1")], Bytes([1]));
        (await author.Client.PutJsonAsync($"/v1/messages/{S(message!["id"])}", new { roomId, text = "v2" })).AssertWebexError(400);
    }
}

/// <summary>A readable stream of a given length whose bytes are generated, so a huge upload needs no memory.</summary>
internal sealed class PatternStream(long length) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = (int)Math.Min(count, length - _position);
        for (var i = 0; i < n; i++)
        {
            buffer[offset + i] = (byte)(_position + i);
        }
        _position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
