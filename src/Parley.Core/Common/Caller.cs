namespace Parley.Core;

/// <summary>The authenticated identity behind a request, resolved from its access token.</summary>
/// <param name="AppId">The application behind the token: the integration for OAuth tokens, else the built-in developer-portal app.</param>
public sealed record Caller(Guid PersonId, Guid OrgId, PersonType Type, IReadOnlySet<string> Roles, IReadOnlySet<string> Scopes, string Email, Guid AppId)
{
    public bool IsBot => Type == PersonType.Bot;

    public bool HasRole(string roleKey) => Roles.Contains(roleKey);

    public bool IsFullAdmin => HasRole(RoleKeys.FullAdmin);

    /// <summary>May create, change and delete people of their organization.</summary>
    public bool IsPeopleAdmin => HasRole(RoleKeys.FullAdmin) || HasRole(RoleKeys.UserAdmin);

    /// <summary>Holds any administrator role that may read organization-wide data.</summary>
    public bool IsAnyAdmin => IsPeopleAdmin || HasRole(RoleKeys.ReadOnlyAdmin);

    public bool IsComplianceOfficer => HasRole(RoleKeys.ComplianceOfficer);
}

public static class RoleKeys
{
    public const string FullAdmin = "id_full_admin";
    public const string UserAdmin = "id_user_admin";
    public const string ReadOnlyAdmin = "id_readonly_admin";
    public const string DeviceAdmin = "id_device_admin";
    public const string ComplianceOfficer = "id_compliance_officer";

    /// <summary>Built-in roles with their display names, in listing order.</summary>
    public static readonly IReadOnlyList<(string Key, string Name)> All =
    [
        (FullAdmin, "Full Administrator"),
        (UserAdmin, "User Administrator"),
        (ReadOnlyAdmin, "Read-only Administrator"),
        (DeviceAdmin, "Device Administrator"),
        (ComplianceOfficer, "Compliance Officer"),
    ];
}
