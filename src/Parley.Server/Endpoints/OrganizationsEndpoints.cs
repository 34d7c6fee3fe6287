namespace Parley.Server.Endpoints;

public static class OrganizationsEndpoints
{
    public static RouteGroupBuilder MapOrganizations(this RouteGroupBuilder v1)
    {
        return v1;
    }
}
