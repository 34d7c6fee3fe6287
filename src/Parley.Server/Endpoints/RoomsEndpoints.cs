namespace Parley.Server.Endpoints;

public static class RoomsEndpoints
{
    public static RouteGroupBuilder MapRooms(this RouteGroupBuilder v1)
    {
        return v1;
    }
}
