namespace Parley.Server.Endpoints;

public static class RoomTabsEndpoints
{
    public static RouteGroupBuilder MapRoomTabs(this RouteGroupBuilder v1)
    {
        return v1;
    }
}
