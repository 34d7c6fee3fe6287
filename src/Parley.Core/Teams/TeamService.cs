namespace Parley.Core;

public sealed class TeamService
{
}
