using Parley.Contracts;
using Parley.Sdk.Internal;

namespace Parley.Sdk;

/// <summary>Filters of <see cref="WebhooksClient.ListAsync"/>.</summary>
public sealed record WebhookListOptions
{
    /// <summary><c>org</c> lists the organization's webhooks (admins and compliance officers); <c>creator</c> (default) the caller's.</summary>
    public string? OwnedBy { get; init; }

    /// <summary>Page size: items per request (not a total). The server clamps large values.</summary>
    public int? Max { get; init; }
}

/// <summary>The <c>/webhooks</c> resource, with Parley's delivery log and redelivery.</summary>
public sealed class WebhooksClient
{
    private readonly WebexConnection _connection;

    internal WebhooksClient(WebexConnection connection) => _connection = connection;

    /// <summary>Lists webhooks, following the server's pages lazily.</summary>
    /// <param name="options">Owner and page size.</param>
    /// <param name="cancellationToken">Cancels the current page request.</param>
    public IAsyncEnumerable<Webhook> ListAsync(WebhookListOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new();
        var query = new Query().Add("ownedBy", options.OwnedBy).Add("max", options.Max);
        return _connection.ListAsync<Webhook>("webhooks", query, cancellationToken);
    }

    /// <summary>Gets a webhook by ID.</summary>
    /// <param name="webhookId">The webhook's ID.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Webhook> GetAsync(string webhookId, CancellationToken cancellationToken = default) =>
        _connection.GetAsync<Webhook>(Paths.Item("webhooks", webhookId), null, cancellationToken);

    /// <summary>Registers a webhook.</summary>
    /// <param name="request"><c>name</c>, <c>targetUrl</c>, <c>resource</c> and <c>event</c> are required; a <c>secret</c> makes deliveries signed.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Webhook> CreateAsync(WebhookRequest request, CancellationToken cancellationToken = default) =>
        _connection.SendAsync<WebhookRequest, Webhook>(HttpMethod.Post, "webhooks", Paths.NotNull(request), cancellationToken);

    /// <summary>Updates a webhook's name, target URL, secret, status or owner; resource, event and filter cannot change.</summary>
    /// <param name="webhookId">The webhook's ID.</param>
    /// <param name="request">The new values; <c>name</c> and <c>targetUrl</c> are required.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Webhook> UpdateAsync(string webhookId, WebhookRequest request, CancellationToken cancellationToken = default) =>
        _connection.SendAsync<WebhookRequest, Webhook>(HttpMethod.Put, Paths.Item("webhooks", webhookId), Paths.NotNull(request), cancellationToken);

    /// <summary>Deletes a webhook.</summary>
    /// <param name="webhookId">The webhook's ID.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task DeleteAsync(string webhookId, CancellationToken cancellationToken = default) =>
        _connection.DeleteAsync(Paths.Item("webhooks", webhookId), cancellationToken);

    /// <summary>Lists a webhook's deliveries with their attempts, newest first (Parley extension).</summary>
    /// <param name="webhookId">The webhook's ID.</param>
    /// <param name="max">Page size.</param>
    /// <param name="cancellationToken">Cancels the current page request.</param>
    public IAsyncEnumerable<WebhookDelivery> ListDeliveriesAsync(string webhookId, int? max = null, CancellationToken cancellationToken = default) =>
        _connection.ListAsync<WebhookDelivery>(Deliveries(webhookId), new Query().Add("max", max), cancellationToken);

    /// <summary>Queues an event for delivery again, as a new delivery (Parley extension).</summary>
    /// <param name="webhookId">The webhook's ID.</param>
    /// <param name="deliveryId">The delivery to repeat.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The new, pending delivery.</returns>
    public Task<WebhookDelivery> RedeliverAsync(string webhookId, string deliveryId, CancellationToken cancellationToken = default) =>
        _connection.SendContentAsync<WebhookDelivery>(
            HttpMethod.Post, Paths.Item(Deliveries(webhookId), deliveryId) + "/redeliver", new ByteArrayContent([]), cancellationToken);

    private static string Deliveries(string webhookId) => Paths.Item("webhooks", webhookId) + "/deliveries";
}
