using Parley.Core;
using Parley.Server.Http;

namespace Parley.Server.Endpoints;

/// <summary>Organizations, licenses, roles and admin audit events: the admin side of the API (70-admin).</summary>
public static class OrganizationsEndpoints
{
    public static RouteGroupBuilder MapOrganizations(this RouteGroupBuilder v1)
    {
        var organizations = v1.MapGroup("/organizations").WithTags("Organizations");
        organizations.MapGet("/", ListOrganizations).RequireScope(Scopes.OrganizationsRead, Scopes.AdminOrganizationsRead);
        organizations.MapGet("/{orgId}", GetOrganization).RequireScope(Scopes.OrganizationsRead, Scopes.AdminOrganizationsRead);
        organizations.MapDelete("/{orgId}", DeleteOrganization).RequireScope(Scopes.AdminOrganizationsWrite);

        var licenses = v1.MapGroup("/licenses").WithTags("Licenses");
        licenses.MapGet("/", ListLicenses).RequireScope(Scopes.AdminLicensesRead);
        licenses.MapGet("/{licenseId}", GetLicense).RequireScope(Scopes.AdminLicensesRead);

        var roles = v1.MapGroup("/roles").WithTags("Roles");
        roles.MapGet("/", ListRoles).RequireScope(Scopes.AdminRolesRead);
        roles.MapGet("/{roleId}", GetRole).RequireScope(Scopes.AdminRolesRead);

        var audit = v1.MapGroup("/adminAudit").WithTags("Admin audit events");
        audit.MapGet("/events", ListAuditEvents).RequireScope(Scopes.AuditEventsRead);
        audit.MapGet("/eventCategories", ListAuditEventCategories).RequireScope(Scopes.AuditEventsRead);
        return v1;
    }

    private static async Task<IResult> ListOrganizations(HttpContext context, OrganizationService organizations) =>
        WebexResults.Ok(await organizations.ListAsync(context.Caller()));

    private static async Task<IResult> GetOrganization(string orgId, HttpContext context, OrganizationService organizations) =>
        WebexResults.Ok(await organizations.GetAsync(context.Caller(), orgId));

    private static async Task<IResult> DeleteOrganization(string orgId, HttpContext context, OrganizationService organizations)
    {
        await organizations.DeleteAsync(context.Caller(), orgId);
        return WebexResults.NoContent();
    }

    private static async Task<IResult> ListLicenses(HttpContext context, OrganizationService organizations)
    {
        var q = context.Request;
        var page = await organizations.ListLicensesAsync(context.Caller(), q.String("orgId"), q.Int("max"), q.String("cursor"));
        return WebexResults.Page(new Parley.Contracts.ItemList<Parley.Contracts.License>(page.Items), page.NextCursor, page.Max);
    }

    private static async Task<IResult> GetLicense(string licenseId, HttpContext context, OrganizationService organizations)
    {
        var q = context.Request;
        // Webex pages holders with an opaque `next`; our Link header carries the same value as `cursor`.
        var details = await organizations.GetLicenseAsync(
            context.Caller(), licenseId, q.String("includeAssignedTo"), q.Int("limit"), q.String("cursor") ?? q.String("next"));
        return WebexResults.Page(details.License, details.NextCursor, details.Limit);
    }

    private static IResult ListRoles(HttpContext context, OrganizationService organizations) =>
        WebexResults.Ok(organizations.ListRoles(context.Caller()));

    private static IResult GetRole(string roleId, HttpContext context, OrganizationService organizations) =>
        WebexResults.Ok(organizations.GetRole(context.Caller(), roleId));

    private static async Task<IResult> ListAuditEvents(HttpContext context, OrganizationService organizations)
    {
        var q = context.Request;
        var page = await organizations.ListAuditEventsAsync(context.Caller(), new AuditEventsRequest(
            q.String("orgId"),
            q.Time("from"),
            q.Time("to"),
            q.String("actorId"),
            q.String("eventCategories"),
            q.Int("max"),
            q.Int("offset"),
            q.String("cursor")));
        return WebexResults.Page(new Parley.Contracts.ItemList<Parley.Contracts.AdminAuditEvent>(page.Items), page.NextCursor, page.Max);
    }

    private static IResult ListAuditEventCategories(HttpContext context, OrganizationService organizations) =>
        WebexResults.Ok(organizations.ListAuditEventCategories(context.Caller()));
}
