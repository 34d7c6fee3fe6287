using Parley.Contracts;
using Parley.Core;
using Parley.Server.Http;
using Wire = Parley.Contracts;

namespace Parley.Server.Endpoints;

/// <summary>Webhooks (50 §2), their delivery log and redelivery (Parley extension), and compliance events (50 §7).</summary>
public static class WebhooksEndpoints
{
    public static RouteGroupBuilder MapWebhooks(this RouteGroupBuilder v1)
    {
        var webhooks = v1.MapGroup("/webhooks").WithTags("Webhooks");
        // Managing webhooks needs no scope; creating one needs the read scope of its resource (checked in Core).
        webhooks.MapGet("", List).RequireAnyScope();
        webhooks.MapPost("", Create).RequireAnyScope();
        webhooks.MapGet("/{webhookId}", Get).RequireAnyScope();
        webhooks.MapPut("/{webhookId}", Update).RequireAnyScope();
        webhooks.MapDelete("/{webhookId}", Delete).RequireAnyScope();
        webhooks.MapGet("/{webhookId}/deliveries", ListDeliveries).RequireAnyScope();
        webhooks.MapPost("/{webhookId}/deliveries/{deliveryId}/redeliver", Redeliver).RequireAnyScope();

        var events = v1.MapGroup("/events").WithTags("Events");
        events.MapGet("", ListEvents).RequireScope(Scopes.ComplianceEventsRead, Scopes.AdminEventsRead);
        events.MapGet("/{eventId}", GetEvent).RequireScope(Scopes.ComplianceEventsRead, Scopes.AdminEventsRead);
        return v1;
    }

    private static async Task<IResult> List(HttpContext context, WebhookService webhooks)
    {
        var request = context.Request;
        var max = Cursor.ClampMax(request.Int("max"), WebhookService.DefaultMax, WebhookService.MaxCap);
        var page = await webhooks.ListAsync(context.Caller(), request.String("ownedBy"), request.String("cursor"), max);
        return WebexResults.Page(new ItemList<Wire.Webhook>(page.Items), page.NextCursor, max);
    }

    private static async Task<IResult> Create(HttpContext context, WebhookService webhooks) =>
        WebexResults.Ok(await webhooks.CreateAsync(context.Caller(), await RequestBody.ReadAsync<WebhookRequest>(context)));

    private static async Task<IResult> Get(string webhookId, HttpContext context, WebhookService webhooks) =>
        WebexResults.Ok(await webhooks.GetAsync(context.Caller(), webhookId));

    private static async Task<IResult> Update(string webhookId, HttpContext context, WebhookService webhooks) =>
        WebexResults.Ok(await webhooks.UpdateAsync(context.Caller(), webhookId, await RequestBody.ReadAsync<WebhookRequest>(context)));

    private static async Task<IResult> Delete(string webhookId, HttpContext context, WebhookService webhooks)
    {
        await webhooks.DeleteAsync(context.Caller(), webhookId);
        return WebexResults.NoContent();
    }

    private static async Task<IResult> ListDeliveries(string webhookId, HttpContext context, WebhookService webhooks)
    {
        var request = context.Request;
        var max = Cursor.ClampMax(request.Int("max"), WebhookService.DefaultMax, WebhookService.MaxCap);
        var page = await webhooks.ListDeliveriesAsync(context.Caller(), webhookId, request.String("cursor"), max);
        return WebexResults.Page(new ItemList<Wire.WebhookDelivery>(page.Items), page.NextCursor, max);
    }

    private static async Task<IResult> Redeliver(string webhookId, string deliveryId, HttpContext context, WebhookService webhooks) =>
        WebexResults.Ok(await webhooks.RedeliverAsync(context.Caller(), webhookId, deliveryId));

    private static async Task<IResult> ListEvents(HttpContext context, EventService events)
    {
        var request = context.Request;
        var max = Cursor.ClampMax(request.Int("max"), EventService.DefaultMax, EventService.MaxCap);
        var page = await events.ListAsync(
            context.Caller(),
            request.String("resource"),
            request.String("type"),
            request.String("actorId"),
            request.Time("from"),
            request.Time("to"),
            request.String("cursor"),
            max);
        return WebexResults.Page(new ItemList<Wire.Event>(page.Items), page.NextCursor, max);
    }

    private static async Task<IResult> GetEvent(string eventId, HttpContext context, EventService events) =>
        WebexResults.Ok(await events.GetAsync(context.Caller(), eventId));
}
