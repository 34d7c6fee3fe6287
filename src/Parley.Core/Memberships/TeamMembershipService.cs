namespace Parley.Core;

public sealed class TeamMembershipService
{
}
