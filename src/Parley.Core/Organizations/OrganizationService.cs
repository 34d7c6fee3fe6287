namespace Parley.Core;

public sealed class OrganizationService
{
}
