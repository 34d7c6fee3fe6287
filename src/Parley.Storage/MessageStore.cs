using Microsoft.EntityFrameworkCore;
using Parley.Core;

namespace Parley.Storage;

internal sealed class MessageStore(StoreContext context) : IMessageStore
{
    private const string Columns = "seq, id, room_id, parent_id, person_id, person_email, text, markdown, html, mentioned_people, "
        + "mentioned_groups, attachments_json, file_key, file_name, file_content_type, file_length, created, updated, edit_count";

    private static readonly SqlStatement ById = new($"SELECT {Columns} FROM messages WHERE id = @id", ("id", SqlType.Guid));

    private const string VersionColumns = "seq, created, edit_count";

    /// <summary>
    /// Listings newest first from the (room or parent, created, seq, edit count) indexes: versions from the index alone,
    /// or whole messages. <c>@created</c>/<c>@seq</c> bound the page when given; the second half walks the mention index.
    /// </summary>
    internal static readonly SqlStatement[] Pages = PageStatements(VersionColumns);
    private static readonly SqlStatement[] MessagePages = PageStatements(Columns);

    private static SqlStatement[] PageStatements(string columns) =>
    [
        Page(columns, "room_id", bounded: false), Page(columns, "room_id", bounded: true),
        Page(columns, "parent_id", bounded: false), Page(columns, "parent_id", bounded: true),
        MentionPage(columns, bounded: false, parent: false), MentionPage(columns, bounded: true, parent: false),
        MentionPage(columns, bounded: false, parent: true), MentionPage(columns, bounded: true, parent: true),
    ];

    private static readonly SqlStatement Insert = new(
        "INSERT INTO messages (id, room_id, parent_id, person_id, person_email, text, markdown, html, mentioned_people, mentioned_groups, "
        + "attachments_json, file_key, file_name, file_content_type, file_length, created, updated, edit_count) VALUES (@id, @room_id, "
        + "@parent_id, @person_id, @person_email, @text, @markdown, @html, @mentioned_people, @mentioned_groups, @attachments_json, "
        + "@file_key, @file_name, @file_content_type, @file_length, @created, @updated, @edit_count)",
        ("id", SqlType.Guid), ("room_id", SqlType.Guid), ("parent_id", SqlType.Guid), ("person_id", SqlType.Guid), ("person_email", SqlType.Text),
        ("text", SqlType.Text), ("markdown", SqlType.Text), ("html", SqlType.Text), ("mentioned_people", SqlType.Text),
        ("mentioned_groups", SqlType.Text), ("attachments_json", SqlType.Text), ("file_key", SqlType.Text), ("file_name", SqlType.Text),
        ("file_content_type", SqlType.Text), ("file_length", SqlType.Int64), ("created", SqlType.Int64), ("updated", SqlType.Int64),
        ("edit_count", SqlType.Int32)) { GeneratedKey = "seq" };

    private static readonly SqlStatement InsertMention = new(
        "INSERT INTO message_mentions (message_id, person_id, room_id, created, seq) VALUES (@message_id, @person_id, @room_id, @created, @seq)",
        ("message_id", SqlType.Guid), ("person_id", SqlType.Guid), ("room_id", SqlType.Guid), ("created", SqlType.Int64), ("seq", SqlType.Int64));

    private static readonly SqlStatement DeleteMentions = new("DELETE FROM message_mentions WHERE message_id = @id", ("id", SqlType.Guid));

    private ParleyDbContext Db => context.Db;

    private static SqlStatement Page(string columns, string column, bool bounded) => new(
        $"SELECT {columns} FROM messages WHERE {column} = @key"
        + (bounded ? " AND created <= @created AND (created < @created OR seq < @seq)" : "")
        + " ORDER BY created DESC, seq DESC LIMIT @limit",
        [("key", SqlType.Guid), .. BoundParameters(bounded), ("limit", SqlType.Int32)]);

    /// <summary>Messages mentioning a person walk the mention index, then join their message.</summary>
    private static SqlStatement MentionPage(string columns, bool bounded, bool parent) => new(
        $"SELECT {SqlStatement.Qualified("m", columns)} FROM message_mentions x JOIN messages m ON m.seq = x.seq "
        + "WHERE x.room_id = @room AND x.person_id = @person"
        + (bounded ? " AND x.created <= @created AND (x.created < @created OR x.seq < @seq)" : "")
        + (parent ? " AND m.parent_id = @parent" : "")
        + " ORDER BY x.created DESC, x.seq DESC LIMIT @limit",
        [("room", SqlType.Guid), ("person", SqlType.Guid), .. BoundParameters(bounded), .. parent ? [("parent", SqlType.Guid)] : Array.Empty<(string, SqlType)>(),
            ("limit", SqlType.Int32)]);

    private static (string, SqlType)[] BoundParameters(bool bounded) => bounded ? [("created", SqlType.Int64), ("seq", SqlType.Int64)] : [];

    public Task<Message?> GetAsync(Guid id) => context.GetByIdAsync(ById, id, Read, Key);

    public async Task<IReadOnlyList<MessageVersion>> ListAsync(MessageQuery query, MessageKey? after, int limit)
    {
        var versions = new List<MessageVersion>(limit);
        await using var reader = await (await PageCommandAsync(Pages, query, after, limit)).ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            versions.Add(new MessageVersion(reader.GetInt64(0), reader.GetTime(1), reader.GetInt32(2)));
        }
        return versions;
    }

    public async Task<IReadOnlyList<Message>> ListMessagesAsync(MessageQuery query, MessageKey? after, int limit) =>
        await ReadAsync(await PageCommandAsync(MessagePages, query, after, limit));

    /// <summary>The page statement of <paramref name="statements"/> for the query, bound.</summary>
    private async Task<RawCommand> PageCommandAsync(SqlStatement[] statements, MessageQuery query, MessageKey? after, int limit)
    {
        // The effective upper bound is the tighter of the query's "before" and the page cursor.
        var bound = (query.Before, after) switch
        {
            (null, var a) => a,
            (var b, null) => b,
            ({ } b, { } a) => a.IsOlderThan(b) ? a : b,
        };
        var command = await context.CommandAsync(statements[(bound is null ? 0 : 1) + (query.ParentId is null ? 0 : 2) + (query.MentionedPersonId is null ? 0 : 4)]);
        var next = 0;
        if (query.MentionedPersonId is { } mentioned)
        {
            command.Set(next++, query.RoomId);
            command.Set(next++, mentioned);
        }
        else
        {
            command.Set(next++, query.ParentId ?? query.RoomId);
        }
        if (bound is not null)
        {
            command.Set(next++, SqlValues.Millis(bound.Created));
            command.Set(next++, bound.Seq);
        }
        if (query.MentionedPersonId is not null && query.ParentId is { } parentId)
        {
            command.Set(next++, parentId);
        }
        command.Set(next, limit);
        return command;
    }

    private async Task<List<Message>> ReadAsync(RawCommand command)
    {
        var messages = new List<Message>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            messages.Add(context.Track(Read(reader), Key));
        }
        return messages;
    }

    /// <summary>A tracked message's key (its sequence number), wherever messages are read.</summary>
    private static object[] Key(Message message) => [message.Seq];

    /// <summary>A message from a row of <see cref="Columns"/>.</summary>
    private static Message Read(RawReader reader) => new()
    {
        Seq = reader.GetInt64(0),
        Id = reader.GetGuid(1),
        RoomId = reader.GetGuid(2),
        ParentId = reader.GetNullableGuid(3),
        PersonId = reader.GetGuid(4),
        PersonEmail = reader.GetString(5),
        Text = reader.GetNullableString(6),
        Markdown = reader.GetNullableString(7),
        Html = reader.GetNullableString(8),
        MentionedPeople = reader.GetNullableString(9),
        MentionedGroups = reader.GetNullableString(10),
        AttachmentsJson = reader.GetNullableString(11),
        FileKey = reader.GetNullableString(12),
        FileName = reader.GetNullableString(13),
        FileContentType = reader.GetNullableString(14),
        FileLength = reader.GetNullableInt64(15),
        Created = reader.GetTime(16),
        Updated = reader.GetNullableTime(17),
        EditCount = reader.GetInt32(18),
    };

    public async Task AddAsync(Message message)
    {
        var command = await context.CommandAsync(Insert);
        command.Set(0, message.Id);
        command.Set(1, message.RoomId);
        command.Set(2, message.ParentId);
        command.Set(3, message.PersonId);
        command.Set(4, message.PersonEmail);
        command.Set(5, message.Text);
        command.Set(6, message.Markdown);
        command.Set(7, message.Html);
        command.Set(8, message.MentionedPeople);
        command.Set(9, message.MentionedGroups);
        command.Set(10, message.AttachmentsJson);
        command.Set(11, message.FileKey);
        command.Set(12, message.FileName);
        command.Set(13, message.FileContentType);
        command.Set(14, message.FileLength);
        command.Set(15, SqlValues.Millis(message.Created));
        command.Set(16, SqlValues.Millis(message.Updated));
        command.Set(17, message.EditCount);
        message.Seq = await command.ExecuteInsertAsync();
        await AddMentionsAsync(message);
    }

    public async Task ReplaceMentionsAsync(Message message)
    {
        var command = await context.CommandAsync(DeleteMentions);
        command.Set(0, message.Id);
        await command.ExecuteNonQueryAsync();
        await AddMentionsAsync(message);
    }

    private async Task AddMentionsAsync(Message message)
    {
        foreach (var personId in message.MentionedPeopleIds())
        {
            var command = await context.CommandAsync(InsertMention);
            command.Set(0, message.Id);
            command.Set(1, personId);
            command.Set(2, message.RoomId);
            command.Set(3, SqlValues.Millis(message.Created));
            command.Set(4, message.Seq);
            await command.ExecuteNonQueryAsync();
        }
    }

    public async Task<bool> TryCountEditAsync(Guid messageId, int limit) =>
        await Db.Messages.Where(m => m.Id == messageId && m.EditCount < limit)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.EditCount, m => m.EditCount + 1)) == 1;

    public async Task DeleteAsync(Guid messageId)
    {
        if (await Db.Messages.Where(m => m.Id == messageId).Select(m => m.FileKey).FirstOrDefaultAsync() is { } fileKey)
        {
            Db.DeletedFiles.Add(new DeletedFile { Key = fileKey });
        }
        await Db.MessageMentions.Where(m => m.MessageId == messageId).ExecuteDeleteAsync();
        await Db.Messages.Where(m => m.Id == messageId).ExecuteDeleteAsync();
    }
}

internal sealed class AttachmentActionStore(ParleyDbContext db) : IAttachmentActionStore
{
    public void Add(AttachmentAction action) => db.AttachmentActions.Add(action);

    public Task<AttachmentAction?> GetAsync(Guid id) => db.AttachmentActions.FirstOrDefaultAsync(a => a.Id == id);
}

internal sealed class DeletedFileStore(ParleyDbContext db) : IDeletedFileStore
{
    public async Task<IReadOnlyList<string>> ListAsync(int limit) =>
        await db.DeletedFiles.OrderBy(f => f.Key).Select(f => f.Key).Take(limit).ToListAsync();

    public Task ForgetAsync(IReadOnlyCollection<string> keys) =>
        db.DeletedFiles.Where(f => keys.Contains(f.Key)).ExecuteDeleteAsync();
}
