using Microsoft.EntityFrameworkCore;
using Parley.Core;

namespace Parley.Storage;

internal sealed class MessageStore(ParleyDbContext db) : IMessageStore
{
    public Task<Message?> GetAsync(Guid id) => db.Messages.FirstOrDefaultAsync(m => m.Id == id);

    public async Task<IReadOnlyList<Message>> ListAsync(MessageQuery query, MessageKey? after, int limit)
    {
        // The effective upper bound is the tighter of the query's "before" and the page cursor.
        var bound = (query.Before, after) switch
        {
            (null, var a) => a,
            (var b, null) => b,
            ({ } b, { } a) => Older(a, b) ? a : b,
        };
        if (query.MentionedPersonId is { } mentioned)
        {
            // Walk the mention index, then fetch the page's messages.
            var mentions = db.MessageMentions.Where(m => m.RoomId == query.RoomId && m.PersonId == mentioned);
            if (bound is { } k)
            {
                mentions = mentions.Where(m => m.Created <= k.Created && (m.Created < k.Created || m.Seq < k.Seq));
            }
            if (query.ParentId is { } parent)
            {
                mentions = mentions.Where(m => db.Messages.Any(x => x.Seq == m.Seq && x.ParentId == parent));
            }
            var seqs = await mentions.OrderByDescending(m => m.Created).ThenByDescending(m => m.Seq)
                .Select(m => m.Seq).Take(limit).ToListAsync();
            var found = await db.Messages.Where(m => seqs.Contains(m.Seq)).ToListAsync();
            return found.OrderByDescending(m => m.Created).ThenByDescending(m => m.Seq).ToList();
        }
        var messages = query.ParentId is { } parentId
            ? db.Messages.Where(m => m.ParentId == parentId)
            : db.Messages.Where(m => m.RoomId == query.RoomId);
        if (bound is { } key)
        {
            messages = messages.Where(m => m.Created <= key.Created && (m.Created < key.Created || m.Seq < key.Seq));
        }
        return await messages.OrderByDescending(m => m.Created).ThenByDescending(m => m.Seq).Take(limit).ToListAsync();
    }

    private static bool Older(MessageKey a, MessageKey b) => a.Created < b.Created || (a.Created == b.Created && a.Seq < b.Seq);

    public async Task AddAsync(Message message)
    {
        db.Messages.Add(message);
        await db.SaveChangesAsync();
        AddMentions(message);
    }

    public async Task ReplaceMentionsAsync(Message message)
    {
        await db.MessageMentions.Where(m => m.MessageId == message.Id).ExecuteDeleteAsync();
        AddMentions(message);
    }

    private void AddMentions(Message message)
    {
        foreach (var personId in message.MentionedPeopleIds())
        {
            db.MessageMentions.Add(new MessageMention
            {
                MessageId = message.Id,
                PersonId = personId,
                RoomId = message.RoomId,
                Created = message.Created,
                Seq = message.Seq,
            });
        }
    }

    public async Task<bool> TryCountEditAsync(Guid messageId, int limit) =>
        await db.Messages.Where(m => m.Id == messageId && m.EditCount < limit)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.EditCount, m => m.EditCount + 1)) == 1;

    public async Task DeleteAsync(Guid messageId)
    {
        if (await db.Messages.Where(m => m.Id == messageId).Select(m => m.FileKey).FirstOrDefaultAsync() is { } fileKey)
        {
            db.DeletedFiles.Add(new DeletedFile { Key = fileKey });
        }
        await db.MessageMentions.Where(m => m.MessageId == messageId).ExecuteDeleteAsync();
        await db.Messages.Where(m => m.Id == messageId).ExecuteDeleteAsync();
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
