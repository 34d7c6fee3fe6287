namespace Parley.Server.Endpoints;

public static class MessagesEndpoints
{
    public static RouteGroupBuilder MapMessages(this RouteGroupBuilder v1)
    {
        return v1;
    }
}
