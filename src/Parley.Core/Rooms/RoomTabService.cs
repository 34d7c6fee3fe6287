using Parley.Contracts;
using Wire = Parley.Contracts;

namespace Parley.Core;

/// <summary>Room tabs: web links pinned in a room, managed by members (moderators in locked rooms).</summary>
public sealed class RoomTabService(IDataStore store, TimeProvider time)
{
    public const int DefaultMax = 100;
    public const int MaxCap = 1000;
    public const string NotFound = "Could not find a room tab with provided ID.";

    private sealed record RoomTabCursor(Guid RoomId, DateTime Created, Guid Id);

    public Task<Page<Wire.RoomTab>> ListAsync(Caller caller, string? roomId, string? cursor, int max)
    {
        var state = cursor is null ? null : Cursor.Decode<RoomTabCursor>(cursor);
        if (state is null && string.IsNullOrWhiteSpace(roomId))
        {
            throw new ValidationException("roomId cannot be empty.");
        }
        var id = state?.RoomId ?? Ids.Require(roomId, WebexIdType.Room, "roomId", RoomAccess.NotFound);
        return store.ReadAsync(async s =>
        {
            var room = (await RoomAccess.GetVisibleAsync(s, caller, id)).Room;
            var tabs = await s.RoomTabs.ListAsync(id, state is null ? null : (state.Created, state.Id), max + 1);
            var page = tabs.Take(max).ToList();
            var next = tabs.Count > max ? Cursor.Encode(new RoomTabCursor(id, page[^1].Created, page[^1].Id)) : null;
            return new Page<Wire.RoomTab>(page.Select(t => ToWire(t, room)).ToList(), next);
        });
    }

    public Task<Wire.RoomTab> CreateAsync(Caller caller, RoomTabRequest request)
    {
        var (roomId, url, name) = Validate(request);
        return store.WriteAsync(async s =>
        {
            var room = await AuthorizeManageAsync(s, caller, roomId);
            var tab = new RoomTab
            {
                Id = Uuid7.New(),
                RoomId = room.Id,
                DisplayName = name,
                ContentUrl = url,
                CreatorId = caller.PersonId,
                Created = time.UtcNowMs(),
            };
            s.RoomTabs.Add(tab);
            return ToWire(tab, room);
        });
    }

    public Task<Wire.RoomTab> GetAsync(Caller caller, string tabId)
    {
        var id = Ids.Require(tabId, WebexIdType.RoomTab, "id", NotFound);
        return store.ReadAsync(async s =>
        {
            var (tab, view) = await GetVisibleAsync(s, caller, id);
            return ToWire(tab, view.Room);
        });
    }

    public Task<Wire.RoomTab> UpdateAsync(Caller caller, string tabId, RoomTabRequest request)
    {
        var id = Ids.Require(tabId, WebexIdType.RoomTab, "id", NotFound);
        var (roomId, url, name) = Validate(request);
        return store.WriteAsync(async s =>
        {
            var (tab, _) = await GetVisibleAsync(s, caller, id);
            if (tab.RoomId != roomId)
            {
                throw new ValidationException("roomId does not match the room of the tab.");
            }
            if (tab.ContentUrl == url && tab.DisplayName == name)
            {
                return ToWire(tab, (await RoomAccess.GetVisibleAsync(s, caller, roomId)).Room);
            }
            var room = await AuthorizeManageAsync(s, caller, roomId);
            tab.ContentUrl = url;
            tab.DisplayName = name;
            return ToWire(tab, room);
        });
    }

    public Task DeleteAsync(Caller caller, string tabId)
    {
        var id = Ids.Require(tabId, WebexIdType.RoomTab, "id", NotFound);
        return store.WriteAsync(async s =>
        {
            var (tab, view) = await GetVisibleAsync(s, caller, id);
            var moderator = view.Room.IsLocked && view.IsModerator;
            if (tab.CreatorId != caller.PersonId && !moderator)
            {
                throw new ForbiddenException("Only the creator of a tab or a moderator can delete it.");
            }
            s.RoomTabs.Remove(tab);
            return true;
        });
    }

    private static async Task<(RoomTab Tab, RoomAccess.View View)> GetVisibleAsync(IStoreSession s, Caller caller, Guid id)
    {
        var tab = await s.RoomTabs.GetAsync(id) ?? throw new NotFoundException(NotFound);
        try
        {
            return (tab, await RoomAccess.GetVisibleAsync(s, caller, tab.RoomId));
        }
        catch (NotFoundException)
        {
            throw new NotFoundException(NotFound);
        }
    }

    /// <summary>Members manage tabs; in a locked room only moderators do.</summary>
    private static async Task<Room> AuthorizeManageAsync(IStoreSession s, Caller caller, Guid roomId)
    {
        var view = await RoomAccess.GetVisibleAsync(s, caller, roomId);
        if (!view.IsMember)
        {
            throw new ForbiddenException("Only members of the room can manage its tabs.");
        }
        if (view.Room.IsLocked && !view.IsModerator)
        {
            throw new ForbiddenException("Only moderators can manage tabs of a locked room.");
        }
        if (view.Room.IsReadOnly)
        {
            throw new ForbiddenException("The room is read-only.");
        }
        return view.Room;
    }

    private static (Guid RoomId, string Url, string Name) Validate(RoomTabRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.RoomId))
        {
            throw new ValidationException("roomId cannot be empty.");
        }
        if (string.IsNullOrWhiteSpace(request.ContentUrl))
        {
            throw new ValidationException("contentUrl cannot be empty.");
        }
        if (string.IsNullOrWhiteSpace(request.DisplayName))
        {
            throw new ValidationException("displayName cannot be empty.");
        }
        var url = request.ContentUrl.Trim();
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ValidationException("contentUrl must be an absolute http or https URL.");
        }
        var roomId = Ids.Require(request.RoomId, WebexIdType.Room, "roomId", RoomAccess.NotFound);
        return (roomId, url, request.DisplayName.Trim());
    }

    public static Wire.RoomTab ToWire(RoomTab tab, Room room) => new(
        WebexId.Encode(WebexIdType.RoomTab, tab.Id),
        Ids.Room(tab.RoomId),
        RoomRules.TypeName(room.Type),
        tab.DisplayName,
        tab.ContentUrl,
        Ids.Person(tab.CreatorId),
        tab.Created);
}
