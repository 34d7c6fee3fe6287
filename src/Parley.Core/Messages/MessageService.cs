using System.Text;
using System.Text.Json;
using Parley.Contracts;
using Wire = Parley.Contracts;

namespace Parley.Core;

/// <summary>Filters of <c>GET /v1/messages</c> as received.</summary>
public sealed record MessageListRequest(
    string? RoomId,
    string? ParentId,
    string? MentionedPeople,
    DateTime? Before,
    string? BeforeMessage,
    int? Max,
    string? Cursor);

/// <summary>Filters of <c>GET /v1/messages/direct</c> as received.</summary>
public sealed record DirectMessageListRequest(string? PersonId, string? PersonEmail, string? ParentId, int? Max, string? Cursor);

/// <summary>
/// Messages: listing, posting (including implicit direct rooms), edits, deletes and file contents. Owns every message rule:
/// room state, threads, size limits, files, cards and the markdown dialect. Who may read is <see cref="MessageAccess"/>.
/// A <c>baseUrl</c> is the public URL in front of <c>/v1</c>, for the content URLs of messages' files.
/// </summary>
public sealed class MessageService(
    IDataStore store,
    TimeProvider time,
    MessageOptions options,
    PeopleService people,
    IBlobStore blobs,
    IFileFetcher fetcher,
    MessageJsonCache jsonCache)
{
    private const string NotFound = MessageAccess.NotFound;
    public const string CardContentType = "application/vnd.microsoft.card.adaptive";
    private const int DefaultMax = 50;
    private const int MaxCap = 1000;
    private const int MentionedMaxCap = 100;

    /// <summary>Paging state: the resolved filters plus the sort key of the last item returned.</summary>
    private sealed record MessageCursor(Guid RoomId, Guid? ParentId, bool Mentioned, int Max, DateTime Created, long Seq);

    public async Task<(Page<JsonFragment> Page, int Max)> ListAsync(Caller caller, MessageListRequest request, string baseUrl)
    {
        if (request.Cursor is { } cursor)
        {
            return await ContinueAsync(caller, Cursor.Decode<MessageCursor>(cursor), baseUrl);
        }
        var roomId = Ids.Require(request.RoomId, WebexIdType.Room, "roomId", RoomAccess.NotFound);
        var parentId = Ids.Optional(request.ParentId, WebexIdType.Message, "parentId", NotFound);
        var mentioned = ParseMentionedPeople(caller, request.MentionedPeople);
        var max = Cursor.ClampMax(request.Max, DefaultMax, mentioned ? MentionedMaxCap : MaxCap);
        var beforeMessageId = request.BeforeMessage is null ? (Guid?)null
            : Ids.Decode(request.BeforeMessage, WebexIdType.Message, "beforeMessage") ?? throw new ValidationException("beforeMessage must be a message of the room.");
        return await store.ReadAsync(async s =>
        {
            var room = (await MessageAccess.GetReadableRoomAsync(s, caller, roomId)).Room;
            await CheckParentFilterAsync(s, room.Id, parentId);
            MessageKey? bound = request.Before is { } before ? new MessageKey(before, long.MinValue) : null;
            if (beforeMessageId is { } bm)
            {
                var anchor = await s.Messages.GetAsync(bm);
                if (anchor is null || anchor.RoomId != room.Id)
                {
                    throw new ValidationException("beforeMessage must be a message of the room.");
                }
                var key = new MessageKey(anchor.Created, anchor.Seq);
                bound = bound is null || key.IsOlderThan(bound) ? key : bound;
            }
            return await PageAsync(s, caller, room, parentId, mentioned, bound, max, baseUrl);
        });
    }

    public async Task<(Page<JsonFragment> Page, int Max)> ListDirectAsync(Caller caller, DirectMessageListRequest request, string baseUrl)
    {
        if (request.Cursor is { } cursor)
        {
            return await ContinueAsync(caller, Cursor.Decode<MessageCursor>(cursor), baseUrl);
        }
        if ((request.PersonId is null) == (request.PersonEmail is null))
        {
            throw new ValidationException("Exactly one of personId and personEmail must be given.");
        }
        var personId = request.PersonId is null ? (Guid?)null : Ids.Require(request.PersonId, WebexIdType.Person, "personId", PeopleService.NotFound);
        var parentId = Ids.Optional(request.ParentId, WebexIdType.Message, "parentId", NotFound);
        var max = Cursor.ClampMax(request.Max, DefaultMax, MaxCap);
        return await store.ReadAsync(async s =>
        {
            var other = personId is { } id
                ? await s.People.GetAsync(id)
                : await s.People.GetByEmailAsync(request.PersonEmail!.Trim().ToLowerInvariant());
            var room = other is null ? null : await s.Rooms.GetDirectAsync(Room.PairKey(caller.PersonId, other.Id));
            if (room is null || other!.Id == caller.PersonId)
            {
                throw new NotFoundException("Could not find a direct room with this person.");
            }
            room = (await RoomAccess.GetAsMemberAsync(s, caller, room.Id)).Room;
            await CheckParentFilterAsync(s, room.Id, parentId);
            return await PageAsync(s, caller, room, parentId, mentioned: false, bound: null, max, baseUrl);
        });
    }

    private Task<(Page<JsonFragment> Page, int Max)> ContinueAsync(Caller caller, MessageCursor c, string baseUrl) =>
        store.ReadAsync(async s =>
        {
            var room = (await MessageAccess.GetReadableRoomAsync(s, caller, c.RoomId)).Room;
            return await PageAsync(s, caller, room, c.ParentId, c.Mentioned, new MessageKey(c.Created, c.Seq), c.Max, baseUrl);
        });

    private async Task<(Page<JsonFragment> Page, int Max)> PageAsync(
        IStoreSession s, Caller caller, Room room, Guid? parentId, bool mentioned, MessageKey? bound, int max, string baseUrl)
    {
        if (caller.IsBot && room.Type == RoomType.Group && !mentioned)
        {
            throw new ForbiddenException("Bots must list group room messages with mentionedPeople=me.");
        }
        var query = new MessageQuery(room.Id, parentId, mentioned ? caller.PersonId : null, bound);
        // One extra row tells whether another page exists, so the last page carries no Link.
        var found = await s.Messages.ListAsync(query, null, max + 1);
        var versions = found.Take(max).ToList();
        string? next = null;
        if (found.Count > max)
        {
            var last = versions[^1];
            next = Cursor.Encode(new MessageCursor(room.Id, parentId, mentioned, max, last.Created, last.Seq));
        }
        return (new Page<JsonFragment>(await JsonOfAsync(s, query, versions, room, baseUrl), next), max);
    }

    /// <summary>
    /// The listed messages' JSON, in order: cached where that version is; otherwise the page is read again in full (from
    /// its first message on, so messages posted since do not shift it) and the missing ones rendered and cached.
    /// </summary>
    private async Task<List<JsonFragment>> JsonOfAsync(IStoreSession s, MessageQuery query, IReadOnlyList<MessageVersion> versions, Room room, string baseUrl)
    {
        var json = new JsonFragment?[versions.Count];
        var missing = false;
        for (var i = 0; i < versions.Count; i++)
        {
            missing |= (json[i] = jsonCache.Find(versions[i], baseUrl)) is null;
        }
        if (missing)
        {
            var first = versions[0];
            var read = (await s.Messages.ListMessagesAsync(query, new MessageKey(first.Created, first.Seq + 1), versions.Count)).ToDictionary(m => m.Seq);
            var ids = new WireIds(room);
            for (var i = 0; i < versions.Count; i++)
            {
                if (json[i] is null && read.TryGetValue(versions[i].Seq, out var message))
                {
                    json[i] = jsonCache.Add(message, ToWire(message, room, baseUrl, ids), baseUrl);
                }
            }
        }
        // A message deleted between the two reads (a store's read session need not be one snapshot) is left out, as if
        // the page had been read after the deletion.
        return json.OfType<JsonFragment>().ToList();
    }

    /// <summary><c>mentionedPeople</c> may only name the caller (<c>me</c> or their own ID, possibly repeated).</summary>
    private static bool ParseMentionedPeople(Caller caller, string? value)
    {
        if (value is null)
        {
            return false;
        }
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.Equals("me", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (Ids.Decode(part, WebexIdType.Person, "mentionedPeople") != caller.PersonId)
            {
                throw new ValidationException("mentionedPeople only supports 'me' or the caller's own person ID.");
            }
        }
        return true;
    }

    private static async Task CheckParentFilterAsync(IStoreSession s, Guid roomId, Guid? parentId)
    {
        if (parentId is { } p && (await s.Messages.GetAsync(p))?.RoomId != roomId)
        {
            throw new ValidationException("parentId must be a message of the room.");
        }
    }

    public Task<Wire.Message> GetAsync(Caller caller, string messageId, string baseUrl)
    {
        var id = Ids.Require(messageId, WebexIdType.Message, "messageId", NotFound);
        return store.ReadAsync(async s =>
        {
            var (message, view) = await MessageAccess.GetReadableAsync(s, caller, id);
            return ToWire(message, view.Room, baseUrl);
        });
    }

    /// <summary>
    /// Posts a message and answers it as served. <paramref name="upload"/> is a multipart file already in blob storage;
    /// it, or a file fetched for <c>files</c>, is removed again when the message is refused.
    /// </summary>
    public async Task<JsonFragment> CreateAsync(
        Caller caller, CreateMessageRequest request, string baseUrl, MessageFile? upload = null, CancellationToken cancellationToken = default)
    {
        var file = upload;
        try
        {
            var post = ValidatePost(request, hasUpload: upload is not null);
            file ??= post.FileUrl is { } url ? await fetcher.FetchAsync(url, cancellationToken) : null;
            return await PostAsync(caller, post, file, baseUrl);
        }
        catch
        {
            if (file is not null)
            {
                blobs.Delete(file.Blob.Key);
            }
            throw;
        }
    }

    /// <summary>A message post whose fields passed every check that needs no storage.</summary>
    private sealed record ValidatedPost(
        Guid? RoomId, Guid? ToPersonId, string? ToPersonEmail, Guid? ParentId, SubmittedContent Content, string? AttachmentsJson, string? FileUrl);

    private ValidatedPost ValidatePost(CreateMessageRequest request, bool hasUpload)
    {
        var roomId = Ids.Optional(request.RoomId, WebexIdType.Room, "roomId", RoomAccess.NotFound);
        var toPersonId = Ids.Optional(request.ToPersonId, WebexIdType.Person, "toPersonId", PeopleService.NotFound);
        var toPersonEmail = string.IsNullOrWhiteSpace(request.ToPersonEmail) ? null : request.ToPersonEmail.Trim();
        var parentId = Ids.Optional(request.ParentId, WebexIdType.Message, "parentId", NotFound);
        var destinations = (roomId is null ? 0 : 1) + (toPersonId is null ? 0 : 1) + (toPersonEmail is null ? 0 : 1);
        if (destinations > 1 || (destinations == 0 && parentId is null))
        {
            throw new ValidationException("Exactly one of the destination fields must not be empty (roomId, toPersonEmail, toPersonId)");
        }
        var content = ValidateContent(request.Text, request.Markdown, request.Html, editing: false);
        var attachmentsJson = ValidateAttachments(request.Attachments);
        var fileUrls = request.Files?.Where(f => !string.IsNullOrWhiteSpace(f)).Select(f => f.Trim()).ToList() ?? [];
        var fileCount = fileUrls.Count + (hasUpload ? 1 : 0);
        if (fileCount > 1)
        {
            throw new ValidationException("Only one file can be attached to a message.");
        }
        if (fileCount == 1 && attachmentsJson is not null)
        {
            throw new ValidationException("A message cannot carry both files and attachments.");
        }
        if (content.Text is null && content.Markdown is null && content.Html is null && attachmentsJson is null && fileCount == 0)
        {
            throw new ValidationException("Both text and file cannot be empty.");
        }
        return new ValidatedPost(roomId, toPersonId, toPersonEmail, parentId, content, attachmentsJson, fileUrls.SingleOrDefault());
    }

    private async Task<JsonFragment> PostAsync(Caller caller, ValidatedPost post, MessageFile? file, string baseUrl)
    {
        var (roomId, toPersonId, toPersonEmail, parentId, content, attachmentsJson, _) = post;
        // Rendering and mention lookups happen before the single writer, which then only checks and inserts.
        var prepared = await PrepareContentAsync(content, async s =>
            toPersonId is not null || toPersonEmail is not null ? RoomType.Direct
            : roomId is { } id ? (await s.Rooms.GetAsync(id))?.Type
            : parentId is { } pid && await s.Messages.GetAsync(pid) is { } parentMessage ? (await s.Rooms.GetAsync(parentMessage.RoomId))?.Type
            : null);

        Task<JsonFragment> Post() => store.WriteAsync(async s =>
        {
            var now = time.UtcNowMs();
            (Message Message, RoomAccess.View View)? parent = parentId is { } pid ? await MessageAccess.GetReadableAsync(s, caller, pid) : null;
            RoomAccess.View view;
            if (roomId is { } rid)
            {
                view = await RoomAccess.GetAsMemberAsync(s, caller, rid);
            }
            else if (toPersonId is not null || toPersonEmail is not null)
            {
                view = await GetOrCreateDirectRoomAsync(s, caller, toPersonId, toPersonEmail, now);
            }
            else
            {
                view = parent!.Value.View;
            }
            if (parent?.Message is { } p)
            {
                if (p.RoomId != view.Room.Id)
                {
                    throw new ValidationException("parentId must be a message of the destination room.");
                }
                if (p.ParentId is not null)
                {
                    throw new ValidationException("Replies cannot be replied to: use the thread's parent message.");
                }
            }
            CheckCanPost(view);
            var rendered = prepared.ForRoom(view.Room);
            var message = new Message
            {
                Id = Uuid7.New(),
                RoomId = view.Room.Id,
                ParentId = parent?.Message.Id,
                PersonId = caller.PersonId,
                PersonEmail = caller.Email,
                AttachmentsJson = attachmentsJson,
                FileKey = file?.Blob.Key,
                FileName = file?.Name,
                FileContentType = file?.ContentType,
                FileLength = file?.Blob.Length,
                Created = now,
            };
            Apply(message, rendered);
            await s.Messages.AddAsync(message);
            await s.Rooms.SetLastActivityAsync(view.Room.Id, now);
            if (view.Room.Type == RoomType.Direct)
            {
                // Only direct rooms can be hidden; a new message shows them again.
                await s.Memberships.UnhideAllAsync(view.Room.Id);
            }
            // Serialized once, for the event and for the response: they differ only in a direct post's destination.
            var wire = ToWire(message, view.Room, baseUrl);
            var posted = JsonFragment.Of(wire);
            Outbox.Message(s, caller.PersonId, now, WebhookResources.Created, posted, view.Room);
            return toPersonId is null && toPersonEmail is null
                ? posted
                : JsonFragment.Of(wire with { ToPersonId = toPersonId is { } tp ? Ids.Person(tp) : null, ToPersonEmail = toPersonEmail });
        });

        try
        {
            return await Post();
        }
        catch (ConflictException) when (toPersonId is not null || toPersonEmail is not null)
        {
            // A concurrent first message created the same direct room (or pending person); it exists now.
            return await Post();
        }
    }

    /// <summary>A message's file for <c>/v1/contents/{id}</c>, if the caller may read the message.</summary>
    public async Task<FileContent> GetContentAsync(Caller caller, string contentId)
    {
        const string contentNotFound = "Could not find a content with provided ID.";
        if (!WebexId.TryDecode(contentId, out var type, out var localId) || type is not (WebexIdType.Content or null)
            || localId.Split('/') is not [var messagePart, "0"] || !Guid.TryParseExact(messagePart, "D", out var messageId))
        {
            throw new NotFoundException(contentNotFound);
        }
        var message = await store.ReadAsync(async s =>
        {
            try
            {
                return (await MessageAccess.GetReadableAsync(s, caller, messageId)).Message;
            }
            catch (NotFoundException)
            {
                throw new NotFoundException(contentNotFound);
            }
        });
        var stream = message.FileKey is { } key ? blobs.OpenRead(key) : null;
        return stream is null
            ? throw new NotFoundException(contentNotFound)
            : new FileContent(message.FileName!, message.FileContentType!, message.FileLength!.Value, stream);
    }

    public async Task<JsonFragment> UpdateAsync(Caller caller, string messageId, UpdateMessageRequest request, string baseUrl)
    {
        var id = Ids.Require(messageId, WebexIdType.Message, "messageId", NotFound);
        if (string.IsNullOrWhiteSpace(request.RoomId))
        {
            throw new ValidationException("roomId cannot be empty.");
        }
        var roomId = Ids.Decode(request.RoomId, WebexIdType.Room, "roomId");
        if (request.Markdown is not null && request.Html is not null)
        {
            throw new ValidationException("html cannot be given together with markdown.");
        }
        var content = ValidateContent(request.Text, request.Markdown, html: null, editing: true);
        if (content.Text is null && content.Markdown is null)
        {
            throw new ValidationException("text or markdown must be given.");
        }
        var prepared = await PrepareContentAsync(content, async s =>
            await s.Messages.GetAsync(id) is { } existing ? (await s.Rooms.GetAsync(existing.RoomId))?.Type : null);
        return await store.WriteAsync(async s =>
        {
            var (message, view) = await MessageAccess.GetReadableAsync(s, caller, id);
            if (roomId != message.RoomId)
            {
                throw new ValidationException("roomId does not match the message's room.");
            }
            if (message.PersonId != caller.PersonId)
            {
                throw new ForbiddenException("Only the author can edit a message.");
            }
            if (message.AttachmentsJson is not null || message.FileKey is not null)
            {
                throw new ValidationException("Editing messages with files or attachments is a feature currently unsupported.");
            }
            CheckCanPost(view);
            if (!await s.Messages.TryCountEditAsync(message.Id, options.MaxEdits))
            {
                throw new ValidationException("The edit limit reached for this message.");
            }
            Apply(message, prepared.ForRoom(view.Room));
            message.Updated = time.UtcNowMs();
            await s.Messages.ReplaceMentionsAsync(message);
            var edited = JsonFragment.Of(ToWire(message, view.Room, baseUrl));
            Outbox.Message(s, caller.PersonId, message.Updated.Value, WebhookResources.Updated, edited, view.Room);
            return edited;
        });
    }

    public async Task DeleteAsync(Caller caller, string messageId, string baseUrl)
    {
        var id = Ids.Require(messageId, WebexIdType.Message, "messageId", NotFound);
        await store.WriteAsync(async s =>
        {
            var (message, view) = await MessageAccess.GetReadableAsync(s, caller, id);
            var allowed = message.PersonId == caller.PersonId
                || (view.Room.IsLocked && view.IsModerator)
                || MessageAccess.IsOrgComplianceOfficer(caller, view.Room);
            if (!allowed)
            {
                throw new ForbiddenException("Only the author, a moderator of a locked room or a compliance officer can delete a message.");
            }
            Outbox.Message(s, caller.PersonId, time.UtcNowMs(), WebhookResources.Deleted, JsonFragment.Of(ToWire(message, view.Room, baseUrl)), view.Room);
            await s.Messages.DeleteAsync(message.Id);
            return true;
        });
    }

    /// <summary>The submitted text fields, checked for size; empty strings count as absent.</summary>
    private sealed record SubmittedContent(string? Text, string? Markdown, string? Html);

    private SubmittedContent ValidateContent(string? text, string? markdown, string? html, bool editing)
    {
        text = string.IsNullOrWhiteSpace(text) ? null : text;
        markdown = string.IsNullOrWhiteSpace(markdown) ? null : markdown;
        html = string.IsNullOrWhiteSpace(html) || markdown is not null || editing ? null : html;
        foreach (var (name, value) in new[] { ("text", text), ("markdown", markdown), ("html", html) })
        {
            if (value is not null && Encoding.UTF8.GetByteCount(value) > options.MaxTextBytes)
            {
                throw new ValidationException($"{name} exceeds the maximum length of {options.MaxTextBytes} bytes.");
            }
        }
        return new SubmittedContent(text, markdown, html);
    }

    private string? ValidateAttachments(IReadOnlyList<Wire.Attachment>? attachments)
    {
        if (attachments is null || attachments.Count == 0)
        {
            return null;
        }
        if (attachments.Count > 1)
        {
            throw new ValidationException("Only one attachment is allowed per message.");
        }
        var card = attachments[0];
        if (card.ContentType != CardContentType)
        {
            throw new ValidationException($"Attachment contentType must be {CardContentType}.");
        }
        if (card.Content.ValueKind != JsonValueKind.Object
            || !card.Content.TryGetProperty("type", out var type)
            || type.ValueKind != JsonValueKind.String
            || type.GetString() != "AdaptiveCard")
        {
            throw new ValidationException("Attachment content must be an object with \"type\": \"AdaptiveCard\".");
        }
        var json = JsonSerializer.Serialize(attachments, WebexJson.Options);
        if (Encoding.UTF8.GetByteCount(json) > options.MaxCardBytes)
        {
            throw new ValidationException($"The card exceeds the maximum size of {options.MaxCardBytes} bytes.");
        }
        return json;
    }

    private static void CheckCanPost(RoomAccess.View view)
    {
        if (view.Room.IsReadOnly)
        {
            throw new ForbiddenException("The room is read-only.");
        }
        if (view.Room.IsAnnouncementOnly && !view.IsModerator)
        {
            throw new ForbiddenException("Only moderators can post in an announcement-only room.");
        }
    }

    /// <summary>
    /// Submitted content rendered for a room type read before the write. <see cref="Group"/> is the type it was rendered
    /// for, or null when the rendering does not depend on it (no <c>&lt;@all&gt;</c>); <see cref="ForRoom"/> renders again
    /// in the rare case the room turns out otherwise.
    /// </summary>
    private sealed record PreparedContent(
        SubmittedContent Content, IReadOnlyDictionary<MentionRef, MentionTarget?> Targets, bool? Group, RenderedContent Rendered)
    {
        public RenderedContent ForRoom(Room room) =>
            Group is not { } group || group == (room.Type == RoomType.Group) ? Rendered : Render(Content, Targets, room.Type == RoomType.Group);
    }

    private static readonly IReadOnlyDictionary<MentionRef, MentionTarget?> NoMentions = new Dictionary<MentionRef, MentionTarget?>();

    /// <summary>Resolves the mentioned people (and, for <c>&lt;@all&gt;</c>, the room type) in a read, then renders.</summary>
    private async Task<PreparedContent> PrepareContentAsync(SubmittedContent content, Func<IStoreSession, Task<RoomType?>> roomType)
    {
        var mentions = content.Markdown is { } markdown ? MessageMarkup.FindMentions(markdown).Distinct().ToList() : [];
        if (mentions.Count == 0)
        {
            return new PreparedContent(content, NoMentions, null, Render(content, NoMentions, groupMentions: true));
        }
        var (targets, group) = await store.ReadAsync(async s =>
        {
            var targets = new Dictionary<MentionRef, MentionTarget?>();
            foreach (var mention in mentions.Where(m => m.Kind != MentionKind.All))
            {
                targets[mention] = await ResolveMentionAsync(s, mention);
            }
            bool? group = mentions.Any(m => m.Kind == MentionKind.All) ? await roomType(s) != RoomType.Direct : null;
            return (targets, group);
        });
        return new PreparedContent(content, targets, group, Render(content, targets, group ?? true));
    }

    private static RenderedContent Render(SubmittedContent content, IReadOnlyDictionary<MentionRef, MentionTarget?> targets, bool groupMentions)
    {
        if (content.Markdown is { } markdown)
        {
            var rendered = MessageMarkup.RenderMarkdown(markdown, m => targets.GetValueOrDefault(m), groupMentions);
            return content.Text is null ? rendered : rendered with { Text = content.Text };
        }
        if (content.Html is { } html)
        {
            var rendered = MessageMarkup.RenderHtml(html);
            return content.Text is null ? rendered : rendered with { Text = content.Text };
        }
        return new RenderedContent(content.Text, null, null, [], []);
    }

    private static async Task<MentionTarget?> ResolveMentionAsync(IStoreSession s, MentionRef mention)
    {
        Person? person = null;
        if (mention.Kind == MentionKind.PersonId)
        {
            if (WebexId.TryDecodeGuid(mention.Value, WebexIdType.Person, out var id) && id != Guid.Empty)
            {
                person = await s.People.GetAsync(id);
            }
        }
        else if (mention.Kind == MentionKind.PersonEmail)
        {
            person = await s.People.GetByEmailAsync(mention.Value.Trim().ToLowerInvariant());
        }
        return person is null ? null : new MentionTarget(person.Id, person.DisplayName);
    }

    private static void Apply(Message message, RenderedContent rendered)
    {
        message.Text = rendered.Text;
        message.Markdown = rendered.Markdown;
        message.Html = rendered.Html;
        message.MentionedPeople = rendered.MentionedPeople.Count == 0 ? null : string.Join(',', rendered.MentionedPeople.Select(p => p.ToString("D")));
        message.MentionedGroups = rendered.MentionedGroups.Count == 0 ? null : string.Join(',', rendered.MentionedGroups);
    }

    private async Task<RoomAccess.View> GetOrCreateDirectRoomAsync(IStoreSession s, Caller caller, Guid? toPersonId, string? toPersonEmail, DateTime now)
    {
        Person target;
        if (toPersonId is { } pid)
        {
            target = await s.People.GetAsync(pid) ?? throw new NotFoundException(PeopleService.NotFound);
        }
        else
        {
            var me = await s.People.GetAsync(caller.PersonId);
            if (me is not null && string.Equals(me.Email, toPersonEmail!.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                throw new ValidationException("Cannot send a direct message to yourself.");
            }
            target = await people.GetOrCreateByEmailAsync(s, toPersonEmail!);
        }
        if (target.Id == caller.PersonId)
        {
            throw new ValidationException("Cannot send a direct message to yourself.");
        }
        var pairKey = Room.PairKey(caller.PersonId, target.Id);
        var room = await s.Rooms.GetDirectAsync(pairKey);
        if (room is not null)
        {
            return await RoomAccess.GetAsMemberAsync(s, caller, room.Id);
        }
        room = new Room
        {
            Id = Uuid7.New(),
            // Direct titles are computed per viewer; the stored one is only a fallback.
            Title = target.DisplayName,
            Type = RoomType.Direct,
            CreatorId = caller.PersonId,
            Created = now,
            LastActivity = now,
            OwnerOrgId = caller.OrgId,
            DirectPairKey = pairKey,
        };
        s.Rooms.Add(room);
        var mine = new Membership { PersonId = caller.PersonId, RoomId = room.Id, Created = now };
        s.Memberships.Add(mine);
        var theirs = new Membership { PersonId = target.Id, RoomId = room.Id, Created = now };
        s.Memberships.Add(theirs);
        await Outbox.RoomAsync(s, caller.PersonId, now, WebhookResources.Created, room);
        await Outbox.MembershipAsync(s, caller.PersonId, now, WebhookResources.Created, mine, room);
        await Outbox.MembershipAsync(s, caller.PersonId, now, WebhookResources.Created, theirs, room);
        return new RoomAccess.View(room, mine, null);
    }

    private static Wire.Message ToWire(Message m, Room room, string baseUrl) => ToWire(m, room, baseUrl, new WireIds(room));

    private static Wire.Message ToWire(Message m, Room room, string baseUrl, WireIds ids) => new()
    {
        Id = Ids.Message(m.Id),
        ParentId = m.ParentId is { } p ? Ids.Message(p) : null,
        RoomId = ids.Room,
        RoomType = room.Type == RoomType.Direct ? "direct" : "group",
        Text = m.Text,
        Markdown = m.Markdown,
        Html = m.Html,
        Files = m.FileKey is null ? null : [$"{baseUrl}/v1/contents/{Ids.Content(m.Id, 0)}"],
        PersonId = ids.Person(m.PersonId),
        PersonEmail = m.PersonEmail,
        MentionedPeople = m.MentionedPeople is null ? null : m.MentionedPeopleIds().Select(ids.Person).ToList(),
        MentionedGroups = m.MentionedGroups?.Split(','),
        Attachments = m.AttachmentsJson is null ? null : JsonSerializer.Deserialize<List<Wire.Attachment>>(m.AttachmentsJson, WebexJson.Options),
        Created = m.Created,
        Updated = m.Updated,
    };

    /// <summary>The IDs a page of one room repeats (the room's, its authors'), each encoded once per page.</summary>
    private sealed class WireIds(Room room)
    {
        private readonly Dictionary<Guid, string> _people = [];

        public string Room { get; } = Ids.Room(room.Id);

        public string Person(Guid id)
        {
            if (!_people.TryGetValue(id, out var encoded))
            {
                _people[id] = encoded = Ids.Person(id);
            }
            return encoded;
        }
    }
}
