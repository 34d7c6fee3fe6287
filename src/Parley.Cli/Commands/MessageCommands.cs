using System.CommandLine;
using Parley.Contracts;
using Parley.Sdk;
using Spectre.Console;

namespace Parley.Cli.Commands;

internal static class MessageCommands
{
    public static Command Create() => new("messages", "Messages") { Send(), List(), Delete(), Download() };

    private static Command Send()
    {
        var room = new Option<string>("--room") { Description = "The room's ID" };
        var to = new Option<string>("--to") { Description = "A person's address: the message goes to your 1:1 room with them" };
        var parent = new Option<string>("--parent") { Description = "Reply in the thread of this message" };
        var markdown = new Option<bool>("--markdown") { Description = "The text is markdown (mentions: <@personEmail:address>)" };
        var file = new Option<FileInfo>("--file") { Description = "Upload this file with the message" };
        file.AcceptExistingOnly();
        var text = new Argument<string?>("text") { Description = "The message; - reads it from stdin", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("send", "Send a message to a room or a person, optionally with a file") { room, to, parent, markdown, file, text };
        command.Validators.Add(r =>
        {
            if (r.GetValue(room) is null && r.GetValue(to) is null && r.GetValue(parent) is null)
            {
                r.AddError("Give --room, --to or --parent.");
            }
            if (r.GetValue(text) is null && r.GetValue(file) is null)
            {
                r.AddError("Give a text, a --file, or both.");
            }
        });
        command.SetClientAction(async s =>
        {
            var body = s.Get(text) == "-" ? await Console.In.ReadToEndAsync(s.Cancellation) : s.Get(text);
            var request = new CreateMessageRequest
            {
                RoomId = s.Get(room),
                ToPersonEmail = s.Get(to),
                ParentId = s.Get(parent),
                Text = s.Get(markdown) ? null : body,
                Markdown = s.Get(markdown) ? body : null,
            };
            var message = s.Get(file) is { } upload
                ? await UploadAsync(s, request, upload)
                : await s.Client.Messages.CreateAsync(request, s.Cancellation);
            s.Output.Item(message, ("Id", message.Id), ("Room", message.RoomId), ("Created", Output.Time(message.Created)), ("Files", message.Files is null ? null : string.Join(", ", message.Files)));
        });
        return command;
    }

    private static async Task<Message> UploadAsync(Session s, CreateMessageRequest request, FileInfo file)
    {
        var upload = () => s.Client.Messages.CreateWithFileAsync(request, file.Name, file.OpenRead(), cancellationToken: s.Cancellation);
        if (s.Output.Json || Console.IsErrorRedirected)
        {
            return await upload();
        }
        return await Output.Stderr.Status().StartAsync($"Uploading {file.Name} ({file.Length:N0} bytes)…", _ => upload());
    }

    private static Command List()
    {
        var room = new Option<string>("--room") { Description = "The room's ID", Required = true };
        var max = CommonOptions.Max();
        var command = new Command("list", "List a room's messages, newest first") { room, max };
        command.SetClientAction(async s =>
        {
            var messages = await s.TakeAsync(s.Client.Messages.ListAsync(new MessageListOptions { RoomId = s.Get(room), Max = s.Get(max) }, s.Cancellation), s.Get(max));
            s.Output.List(messages, ["Created", "From", "Text", "Id"], m =>
                [Output.Time(m.Created), m.PersonEmail, (m.Text ?? m.Markdown ?? "") + (m.Files is { Count: > 0 } ? " [file]" : ""), m.Id]);
        });
        return command;
    }

    private static Command Delete() =>
        CommonOptions.DeleteById("delete", "Delete a message", "message", (client, id, cancellationToken) => client.Messages.DeleteAsync(id, cancellationToken));

    private static Command Download()
    {
        var id = CommonOptions.Id("message");
        var directory = new Option<DirectoryInfo>("--output", "-o") { Description = "Save into this directory (default: the current one)" };
        var command = new Command("download", "Save a message's files under the names the server gives") { id, directory };
        command.SetClientAction(async s =>
        {
            var message = await s.Client.Messages.GetAsync(s.Get(id), s.Cancellation);
            var target = s.Get(directory)?.FullName ?? Directory.GetCurrentDirectory();
            foreach (var url in message.Files ?? [])
            {
                using var content = await s.Client.Contents.DownloadAsync(url, s.Cancellation);
                // Only the name: a server-chosen name must not climb out of the target directory.
                var path = Path.Combine(target, Path.GetFileName(content.FileName) is { Length: > 0 } name ? name : "file");
                await using (var file = File.Create(path))
                {
                    await content.Content.CopyToAsync(file, s.Cancellation);
                }
                s.Output.Done(path);
            }
        });
        return command;
    }
}
