namespace Parley.Server.Endpoints;

public static class TeamMembershipsEndpoints
{
    public static RouteGroupBuilder MapTeamMemberships(this RouteGroupBuilder v1)
    {
        return v1;
    }
}
