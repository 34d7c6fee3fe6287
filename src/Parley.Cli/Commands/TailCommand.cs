using System.CommandLine;
using System.Text.Json;
using Parley.Contracts;
using Parley.Sdk;

namespace Parley.Cli.Commands;

internal static class TailCommand
{
    public static Command Create()
    {
        var resource = new Option<string>("--resource") { Description = "messages, memberships, rooms, attachmentActions or all (default)" };
        var @event = new Option<string>("--event") { Description = "created, updated, deleted or all (default)" };
        var filter = new Option<string>("--filter") { Description = "A webhook filter such as roomId=<id>" };
        var cursor = new Option<string>("--cursor") { Description = "Resume after this cursor (printed with --json)" };
        var command = new Command("tail", """
            Follow the server's event stream and print events as they happen, until Ctrl+C. Reconnects by itself.
            With --json each line is a stream frame: {"type":"event","cursor":…,"envelope":{…webhook envelope…}}.
            """) { resource, @event, filter, cursor };
        command.SetClientAction(async s =>
        {
            var options = new EventStreamOptions { Resource = s.Get(resource), Event = s.Get(@event), Filter = s.Get(filter), Cursor = s.Get(cursor) };
            await foreach (var e in s.Client.EventStream.ReadAsync(options, s.Cancellation))
            {
                if (s.Output.Json)
                {
                    Output.WriteJson(new StreamFrame("event", e.Cursor, e.Envelope));
                }
                else
                {
                    var data = e.Envelope.Data;
                    Console.Out.WriteLine(string.Join(' ', new[]
                    {
                        Output.Time(e.Envelope.Created), $"{e.Envelope.Resource}.{e.Envelope.Event}", Field(data, "personEmail"), Field(data, "roomId"), Field(data, "id"),
                    }.Where(v => v is not null)));
                }
            }
        });
        return command;
    }

    private static string? Field(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
