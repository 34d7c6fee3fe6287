namespace Parley.Core;

public sealed class MembershipService
{
}
