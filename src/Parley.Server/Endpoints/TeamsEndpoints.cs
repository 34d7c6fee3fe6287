namespace Parley.Server.Endpoints;

public static class TeamsEndpoints
{
    public static RouteGroupBuilder MapTeams(this RouteGroupBuilder v1)
    {
        return v1;
    }
}
