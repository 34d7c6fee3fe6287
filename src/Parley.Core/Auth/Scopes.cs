namespace Parley.Core;

/// <summary>The scope catalogue (60 §5.1), the bot scope set (60 §2.2) and the scopes each role makes effective (60 §4).</summary>
public static class Scopes
{
    public const string All = "spark:all";
    public const string Kms = "spark:kms";
    public const string PeopleRead = "spark:people_read";
    public const string PeopleWrite = "spark:people_write";
    public const string RoomsRead = "spark:rooms_read";
    public const string RoomsWrite = "spark:rooms_write";
    public const string MembershipsRead = "spark:memberships_read";
    public const string MembershipsWrite = "spark:memberships_write";
    public const string MessagesRead = "spark:messages_read";
    public const string MessagesWrite = "spark:messages_write";
    public const string TeamsRead = "spark:teams_read";
    public const string TeamsWrite = "spark:teams_write";
    public const string TeamMembershipsRead = "spark:team_memberships_read";
    public const string TeamMembershipsWrite = "spark:team_memberships_write";
    public const string OrganizationsRead = "spark:organizations_read";
    public const string ApplicationsToken = "spark:applications_token";

    public const string AdminPeopleRead = "spark-admin:people_read";
    public const string AdminPeopleWrite = "spark-admin:people_write";
    public const string AdminOrganizationsRead = "spark-admin:organizations_read";
    public const string AdminOrganizationsWrite = "spark-admin:organizations_write";
    public const string AdminLicensesRead = "spark-admin:licenses_read";
    public const string AdminRolesRead = "spark-admin:roles_read";
    public const string AdminEventsRead = "spark-admin:events_read";
    public const string AdminMessagesRead = "spark-admin:messages_read";
    public const string AdminMessagesWrite = "spark-admin:messages_write";
    public const string AuditEventsRead = "audit:events_read";

    public const string ComplianceEventsRead = "spark-compliance:events_read";
    public const string ComplianceMessagesRead = "spark-compliance:messages_read";
    public const string ComplianceMessagesWrite = "spark-compliance:messages_write";
    public const string ComplianceMembershipsRead = "spark-compliance:memberships_read";
    public const string ComplianceMembershipsWrite = "spark-compliance:memberships_write";
    public const string ComplianceRoomsRead = "spark-compliance:rooms_read";
    public const string ComplianceRoomsWrite = "spark-compliance:rooms_write";
    public const string ComplianceTeamsRead = "spark-compliance:teams_read";
    public const string ComplianceTeamMembershipsRead = "spark-compliance:team_memberships_read";
    public const string ComplianceTeamMembershipsWrite = "spark-compliance:team_memberships_write";
    public const string ComplianceWebhooksRead = "spark-compliance:webhooks_read";
    public const string ComplianceWebhooksWrite = "spark-compliance:webhooks_write";

    /// <summary>Scopes a bot token carries; never admin or compliance scopes.</summary>
    public static readonly IReadOnlySet<string> Bot = new HashSet<string>(StringComparer.Ordinal)
    {
        PeopleRead, RoomsRead, RoomsWrite, MembershipsRead, MembershipsWrite, MessagesRead, MessagesWrite,
        TeamsRead, TeamsWrite, TeamMembershipsRead, TeamMembershipsWrite,
    };

    /// <summary>Consent wording of every scope an integration may register, in catalogue order.</summary>
    public static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [All] = "Full access to your account",
        [Kms] = "Access encryption keys (no effect on this server)",
        [PeopleRead] = "Read your company directory",
        [PeopleWrite] = "Write your directory information",
        [RoomsRead] = "List the titles of rooms that you are in",
        [RoomsWrite] = "Create, update and delete rooms on your behalf",
        [MembershipsRead] = "List the people in rooms that you are in",
        [MembershipsWrite] = "Invite people to rooms on your behalf",
        [MessagesRead] = "Read the content of rooms that you are in",
        [MessagesWrite] = "Post and delete messages on your behalf",
        [TeamsRead] = "List the teams you are a member of",
        [TeamsWrite] = "Create teams on your behalf",
        [TeamMembershipsRead] = "List the people in the teams that you are in",
        [TeamMembershipsWrite] = "Add people to teams on your behalf",
        [OrganizationsRead] = "Read your organization",
        [ApplicationsToken] = "Create tokens for service apps",
        [AdminPeopleRead] = "Access to read your organization's people (administrators only)",
        [AdminPeopleWrite] = "Access to write your organization's people (administrators only)",
        [AdminOrganizationsRead] = "Access to read your organization (administrators only)",
        [AdminOrganizationsWrite] = "Access to delete your organization (administrators only)",
        [AdminLicensesRead] = "Access to read your organization's licenses (administrators only)",
        [AdminRolesRead] = "Access to read your organization's roles (administrators only)",
        [AdminEventsRead] = "Access to read your organization's events (administrators only)",
        [AdminMessagesRead] = "Access to read your organization's messages (administrators only)",
        [AdminMessagesWrite] = "Access to delete your organization's messages (administrators only)",
        [AuditEventsRead] = "Access to read your organization's admin audit events (full administrators only)",
        [ComplianceEventsRead] = "Read the events of your organization's rooms (compliance officers only)",
        [ComplianceMessagesRead] = "Read messages of your organization's rooms (compliance officers only)",
        [ComplianceMessagesWrite] = "Delete messages of your organization's rooms (compliance officers only)",
        [ComplianceMembershipsRead] = "List memberships of your organization's rooms (compliance officers only)",
        [ComplianceMembershipsWrite] = "Change memberships of your organization's rooms (compliance officers only)",
        [ComplianceRoomsRead] = "Read your organization's rooms (compliance officers only)",
        [ComplianceRoomsWrite] = "Change your organization's rooms (compliance officers only)",
        [ComplianceTeamsRead] = "Read your organization's teams (compliance officers only)",
        [ComplianceTeamMembershipsRead] = "List memberships of your organization's teams (compliance officers only)",
        [ComplianceTeamMembershipsWrite] = "Change memberships of your organization's teams (compliance officers only)",
        [ComplianceWebhooksRead] = "Read your organization's webhooks (compliance officers only)",
        [ComplianceWebhooksWrite] = "Change your organization's webhooks (compliance officers only)",
    };

    /// <summary>
    /// Whether an integration may register and request the scope: the catalogue above, plus the families that a
    /// messaging server does not use but accepts so existing apps keep working (60 §5.1).
    /// </summary>
    public static bool IsKnown(string scope) =>
        Descriptions.ContainsKey(scope)
        || scope.StartsWith("spark:devices_", StringComparison.Ordinal)
        || scope.StartsWith("spark:calls_", StringComparison.Ordinal)
        || scope.StartsWith("spark:xapi_", StringComparison.Ordinal)
        || scope.StartsWith("meeting:", StringComparison.Ordinal)
        || scope is "spark:applications_read" or "spark:applications_write" or "application:webhooks_read" or "application:webhooks_write";

    /// <summary>Plain-words description of a scope for consent pages.</summary>
    public static string Describe(string scope) =>
        Descriptions.TryGetValue(scope, out var description) ? description : $"Use {scope} (not used by this server)";

    /// <summary>Admin and compliance scopes: effective only while the person holds a matching role.</summary>
    public static bool IsPrivileged(string scope) =>
        scope.StartsWith("spark-admin:", StringComparison.Ordinal)
        || scope.StartsWith("spark-compliance:", StringComparison.Ordinal)
        || scope.StartsWith("audit:", StringComparison.Ordinal);

    /// <summary>The privileged scopes the roles make effective (60 §4).</summary>
    public static IEnumerable<string> OfRoles(IEnumerable<string> roleKeys)
    {
        foreach (var role in roleKeys)
        {
            IEnumerable<string> granted = role switch
            {
                RoleKeys.FullAdmin => Descriptions.Keys.Where(s => s.StartsWith("spark-admin:", StringComparison.Ordinal)).Append(AuditEventsRead),
                // The user administrator also reads roles: every admin role may (70-admin, RoleTests).
                RoleKeys.UserAdmin => [AdminPeopleRead, AdminPeopleWrite, AdminLicensesRead, AdminRolesRead],
                RoleKeys.ReadOnlyAdmin => Descriptions.Keys.Where(s => s.StartsWith("spark-admin:", StringComparison.Ordinal) && s.EndsWith("_read", StringComparison.Ordinal)),
                RoleKeys.ComplianceOfficer => Descriptions.Keys.Where(s => s.StartsWith("spark-compliance:", StringComparison.Ordinal)),
                _ => [],
            };
            foreach (var scope in granted)
            {
                yield return scope;
            }
        }
    }

    /// <summary>
    /// The scopes a request may use: a personal token has the person's full set (its stored scopes plus what the
    /// roles give), a bot token the bot set, an integration token what was granted, with privileged scopes kept only
    /// while a matching role is held (checked on every request, not only at consent).
    /// </summary>
    public static IReadOnlySet<string> Effective(TokenKind kind, string storedScopes, IReadOnlyCollection<string> roleKeys)
    {
        var fromRoles = OfRoles(roleKeys).ToHashSet(StringComparer.Ordinal);
        var stored = storedScopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return kind switch
        {
            TokenKind.Bot => Bot,
            TokenKind.Personal => stored.Where(s => !IsPrivileged(s)).Concat(fromRoles).ToHashSet(StringComparer.Ordinal),
            _ => stored.Where(s => !IsPrivileged(s) || fromRoles.Contains(s)).ToHashSet(StringComparer.Ordinal),
        };
    }

    /// <summary>Whether the set allows the scope; <c>spark:all</c> covers the whole <c>spark:</c> family.</summary>
    public static bool Allows(IReadOnlySet<string> granted, string scope) =>
        granted.Contains(scope) || (scope.StartsWith("spark:", StringComparison.Ordinal) && granted.Contains(All));

    /// <summary>Splits a space-separated scope parameter (clients send <c>%20</c> or <c>+</c>), dropping duplicates.</summary>
    public static IReadOnlyList<string> Parse(string? value) =>
        (value ?? "").Split([' ', '+'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
}
