using System.CommandLine;
using Parley.Contracts;
using Parley.Sdk;

namespace Parley.Cli.Commands;

internal static class WebhookCommands
{
    public static Command Create()
    {
        var max = CommonOptions.Max();
        var list = new Command("list", "List your webhooks") { max };
        list.SetClientAction(async s =>
        {
            var hooks = await s.TakeAsync(s.Client.Webhooks.ListAsync(new WebhookListOptions { Max = s.Get(max) }, s.Cancellation), s.Get(max));
            s.Output.List(hooks, ["Name", "Resource", "Event", "Target", "Status", "Id"], w => [w.Name, w.Resource, w.Event, w.TargetUrl, w.Status, w.Id]);
        });

        var name = new Option<string>("--name") { Description = "A name for the webhook", Required = true };
        var target = new Option<string>("--target") { Description = "The URL deliveries are POSTed to", Required = true };
        var resource = new Option<string>("--resource") { Description = "messages, memberships, rooms, attachmentActions or all", DefaultValueFactory = _ => "all" };
        var @event = new Option<string>("--event") { Description = "created, updated, deleted or all", DefaultValueFactory = _ => "all" };
        var filter = new Option<string>("--filter") { Description = "A filter such as roomId=<id>" };
        var secret = new Option<string>("--secret") { Description = "Sign deliveries with this secret (X-Spark-Signature, webhook-signature)" };
        var create = new Command("create", "Register a webhook") { name, target, resource, @event, filter, secret };
        create.SetClientAction(async s =>
        {
            var w = await s.Client.Webhooks.CreateAsync(new WebhookRequest
            {
                Name = s.Get(name),
                TargetUrl = s.Get(target),
                Resource = s.Get(resource),
                Event = s.Get(@event),
                Filter = s.Get(filter),
                Secret = s.Get(secret),
            }, s.Cancellation);
            // The secret is not echoed in the table: it is what signs deliveries.
            s.Output.Item(w, ("Name", w.Name), ("Resource", w.Resource), ("Event", w.Event), ("Filter", w.Filter), ("Target", w.TargetUrl), ("Status", w.Status), ("Id", w.Id));
        });

        var delete = CommonOptions.DeleteById("delete", "Delete a webhook", "webhook", (client, id, cancellationToken) => client.Webhooks.DeleteAsync(id, cancellationToken));

        return new Command("webhooks", "Webhooks") { list, create, delete };
    }
}
