using System.Text.Json;
using Parley.Contracts;
using Wire = Parley.Contracts;

namespace Parley.Core;

/// <summary>Records administrative actions for <c>GET /v1/adminAudit/events</c>, inside the write that performs them.</summary>
public static class AdminAudit
{
    public const string Users = "USERS";
    public const string OrgSettings = "ORG_SETTINGS";

    /// <summary>The categories this server records, in listing order.</summary>
    public static readonly IReadOnlyList<string> Categories = [Users, OrgSettings];

    public static async Task RecordAsync(
        IStoreSession s,
        Caller caller,
        DateTime now,
        string category,
        string actionText,
        string targetType,
        string targetId,
        string targetName,
        Organization targetOrg)
    {
        var actor = await s.People.GetAsync(caller.PersonId);
        var actorOrg = caller.OrgId == targetOrg.Id ? targetOrg : await s.Organizations.GetAsync(caller.OrgId);
        var data = new Wire.AdminAuditEventData
        {
            ActorOrgName = actorOrg?.DisplayName,
            TargetName = targetName,
            EventDescription = actionText,
            ActorName = actor?.DisplayName,
            ActorEmail = actor?.Email,
            AdminRoles = RoleKeys.All.Where(r => caller.HasRole(r.Key)).Select(r => r.Name).ToList(),
            TargetType = targetType,
            TargetId = targetId,
            EventCategory = category,
            TargetOrgId = Ids.Org(targetOrg.Id),
            ActionText = actionText,
            TargetOrgName = targetOrg.DisplayName,
        };
        s.AuditEvents.Add(new AuditEvent
        {
            Id = Uuid7.New(),
            OrgId = targetOrg.Id,
            ActorId = caller.PersonId,
            Created = now,
            Category = category,
            DataJson = JsonSerializer.Serialize(data, WebexJson.Options),
        });
    }

    public static Wire.AdminAuditEvent ToWire(AuditEvent e) => new(
        WebexId.Encode(WebexIdType.AdminAuditEvent, e.Id),
        Ids.Person(e.ActorId),
        Ids.Org(e.OrgId),
        Ids.Org(e.OrgId),
        e.Created,
        JsonSerializer.Deserialize<Wire.AdminAuditEventData>(e.DataJson, WebexJson.Options) ?? new Wire.AdminAuditEventData());
}
