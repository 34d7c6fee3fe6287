namespace Parley.Server.Endpoints;

public static class MembershipsEndpoints
{
    public static RouteGroupBuilder MapMemberships(this RouteGroupBuilder v1)
    {
        return v1;
    }
}
