using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Parley.Contracts;
using Parley.Core;
using Membership = Parley.Core.Membership;
using Room = Parley.Core.Room;

namespace Parley.Server.Tests;

/// <summary>
/// Provisioning the admin tests need beyond <see cref="ParleyServer.CreateUserAsync"/>: roles for test users and
/// shared rooms, written straight to the store as an out-of-band admin console would.
/// </summary>
internal static class AdminTestData
{
    public static Guid Uuid(string id) =>
        WebexId.TryDecodeGuid(id, WebexIdType.Person, out var uuid) ? uuid : throw new ArgumentException(id);

    public static async Task<TestUser> CreateWithRolesAsync(this ParleyServer server, string name, Guid? orgId, params string[] roles)
    {
        var user = await server.CreateUserAsync(name, orgId: orgId);
        await server.Services.GetRequiredService<IDataStore>().WriteAsync(async s =>
        {
            await s.People.SetRolesAsync(Uuid(user.Id), roles);
            return true;
        });
        return user;
    }

    /// <summary>Puts both people in a new group room.</summary>
    public static Task<Guid> ShareRoomAsync(this ParleyServer server, string personId, string otherPersonId) =>
        server.Services.GetRequiredService<IDataStore>().WriteAsync(s =>
        {
            var now = DateTime.UtcNow;
            var room = new Room { Id = Guid.CreateVersion7(), Title = "Shared", Type = RoomType.Group, Created = now, LastActivity = now, CreatorId = Uuid(personId) };
            s.Rooms.Add(room);
            s.Memberships.Add(new Membership { PersonId = Uuid(personId), RoomId = room.Id, Created = now });
            s.Memberships.Add(new Membership { PersonId = Uuid(otherPersonId), RoomId = room.Id, Created = now });
            return Task.FromResult(room.Id);
        });

    public static Task<T> ReadStoreAsync<T>(this ParleyServer server, Func<IStoreSession, Task<T>> read) =>
        server.Services.GetRequiredService<IDataStore>().ReadAsync(read);

    public static string[] Ids(this JsonNode? list) =>
        list!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToArray();

    /// <summary>The absolute URL of a <c>Link: &lt;…&gt;; rel="next"</c> header, or null.</summary>
    public static string? NextLink(this HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }
        var link = Assert.Single(values);
        Assert.EndsWith("; rel=\"next\"", link);
        return link[1..link.IndexOf('>', StringComparison.Ordinal)];
    }

    public static Dictionary<string, string> QueryOf(string url) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(url).Query).ToDictionary(p => p.Key, p => p.Value.ToString());
}
