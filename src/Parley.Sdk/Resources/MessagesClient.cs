using Parley.Contracts;
using Parley.Sdk.Internal;

namespace Parley.Sdk;

/// <summary>Filters of <see cref="MessagesClient.ListAsync"/>; the newest messages come first.</summary>
public sealed record MessageListOptions
{
    /// <summary>The room whose messages are listed (required by the API).</summary>
    public required string RoomId { get; init; }

    /// <summary>Only replies to this message.</summary>
    public string? ParentId { get; init; }

    /// <summary>Only messages mentioning these people; <c>me</c> names the caller (bots in group rooms must use it).</summary>
    public IReadOnlyList<string>? MentionedPeople { get; init; }

    /// <summary>Only messages sent before this time.</summary>
    public DateTimeOffset? Before { get; init; }

    /// <summary>Only messages sent before this message.</summary>
    public string? BeforeMessage { get; init; }

    /// <summary>Page size: items per request (not a total). The server clamps large values.</summary>
    public int? Max { get; init; }
}

/// <summary>Filters of <see cref="MessagesClient.ListDirectAsync"/>: the other person, by ID or by address.</summary>
public sealed record DirectMessageListOptions
{
    /// <summary>The other person of the 1:1 room.</summary>
    public string? PersonId { get; init; }

    /// <summary>The other person's address.</summary>
    public string? PersonEmail { get; init; }

    /// <summary>Only replies to this message.</summary>
    public string? ParentId { get; init; }
}

/// <summary>The <c>/messages</c> resource.</summary>
public sealed class MessagesClient
{
    private readonly WebexConnection _connection;

    internal MessagesClient(WebexConnection connection) => _connection = connection;

    /// <summary>Lists a room's messages, newest first, following the server's pages lazily.</summary>
    /// <param name="options">The room, filters and page size.</param>
    /// <param name="cancellationToken">Cancels the current page request.</param>
    public IAsyncEnumerable<Message> ListAsync(MessageListOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var query = new Query()
            .Add("roomId", options.RoomId)
            .Add("parentId", options.ParentId)
            .Add("mentionedPeople", options.MentionedPeople)
            .Add("before", options.Before)
            .Add("beforeMessage", options.BeforeMessage)
            .Add("max", options.Max);
        return _connection.ListAsync<Message>("messages", query, cancellationToken);
    }

    /// <summary>Lists the messages of the 1:1 room with another person.</summary>
    /// <param name="options">The other person (by ID or address).</param>
    /// <param name="cancellationToken">Cancels the current page request.</param>
    public IAsyncEnumerable<Message> ListDirectAsync(DirectMessageListOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var query = new Query()
            .Add("personId", options.PersonId)
            .Add("personEmail", options.PersonEmail)
            .Add("parentId", options.ParentId);
        return _connection.ListAsync<Message>("messages/direct", query, cancellationToken);
    }

    /// <summary>Gets a message by ID.</summary>
    /// <param name="messageId">The message's ID.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Message> GetAsync(string messageId, CancellationToken cancellationToken = default) =>
        _connection.GetAsync<Message>(Paths.Item("messages", messageId), null, cancellationToken);

    /// <summary>Posts a message to a room, or to a person (by <c>toPersonId</c>/<c>toPersonEmail</c>).</summary>
    /// <param name="request">The message; text or markdown is limited to <see cref="MessageText.MaxBytes"/> UTF-8 bytes.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Message> CreateAsync(CreateMessageRequest request, CancellationToken cancellationToken = default) =>
        _connection.SendAsync<CreateMessageRequest, Message>(HttpMethod.Post, "messages", Paths.NotNull(request), cancellationToken);

    /// <summary>
    /// Posts a message with a file uploaded from a stream, as Webex's <c>multipart/form-data</c> body with one
    /// <c>files</c> part. A seekable stream is rewound if a 429 makes the request go again.
    /// </summary>
    /// <param name="request">Destination, optional parent and text or markdown; files, attachments and html cannot go with an upload.</param>
    /// <param name="fileName">The file name the server stores and downloads return.</param>
    /// <param name="content">The file's bytes; read to its end and disposed with the request.</param>
    /// <param name="contentType">The media type stored with the file.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Message> CreateWithFileAsync(
        CreateMessageRequest request, string fileName, Stream content, string contentType = "application/octet-stream", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentNullException.ThrowIfNull(content);
        if (request.Files is not null || request.Attachments is not null || request.Html is not null)
        {
            throw new ArgumentException("An upload carries no file URLs, attachments or html.", nameof(request));
        }
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in new[]
        {
            ("roomId", request.RoomId), ("toPersonId", request.ToPersonId), ("toPersonEmail", request.ToPersonEmail),
            ("parentId", request.ParentId), ("text", request.Text), ("markdown", request.Markdown),
        })
        {
            if (value is not null)
            {
                form.Add(new StringContent(value), name);
            }
        }
#pragma warning disable CA2000 // Owned and disposed by the form, which the request disposes.
        var file = new StreamContent(content);
#pragma warning restore CA2000
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        form.Add(file, "files", fileName);
        return _connection.SendContentAsync<Message>(HttpMethod.Post, "messages", form, cancellationToken);
    }

    /// <summary>
    /// Posts a message whose text or markdown may exceed the size limit, as several messages in order
    /// (split by <see cref="MessageText.Split"/> or <see cref="MessageText.SplitMarkdown"/>). Files and
    /// attachments go with the first part.
    /// </summary>
    /// <param name="request">The message; set either <c>text</c> or <c>markdown</c>, not both.</param>
    /// <param name="cancellationToken">Cancels the remaining requests.</param>
    /// <returns>The messages created, in order.</returns>
    public async Task<IReadOnlyList<Message>> CreateSplitAsync(CreateMessageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Text is not null && request.Markdown is not null)
        {
            // Two texts split at different places would pair parts that say different things.
            throw new ArgumentException("Set either Text or Markdown when a message may be split.", nameof(request));
        }
        var parts = request.Markdown is { } markdown ? MessageText.SplitMarkdown(markdown)
            : request.Text is { } text ? MessageText.Split(text)
            : [];
        if (parts.Count <= 1)
        {
            return [await CreateAsync(request, cancellationToken).ConfigureAwait(false)];
        }
        var created = new List<Message>(parts.Count);
        for (var i = 0; i < parts.Count; i++)
        {
            var part = request with
            {
                Text = request.Text is null ? null : parts[i],
                Markdown = request.Markdown is null ? null : parts[i],
                Files = i == 0 ? request.Files : null,
                Attachments = i == 0 ? request.Attachments : null,
            };
            created.Add(await CreateAsync(part, cancellationToken).ConfigureAwait(false));
        }
        return created;
    }

    /// <summary>Edits a message's text or markdown.</summary>
    /// <param name="messageId">The message's ID.</param>
    /// <param name="request">The room (required by Webex) and the new text or markdown.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Message> UpdateAsync(string messageId, UpdateMessageRequest request, CancellationToken cancellationToken = default) =>
        _connection.SendAsync<UpdateMessageRequest, Message>(HttpMethod.Put, Paths.Item("messages", messageId), Paths.NotNull(request), cancellationToken);

    /// <summary>Deletes a message.</summary>
    /// <param name="messageId">The message's ID.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task DeleteAsync(string messageId, CancellationToken cancellationToken = default) =>
        _connection.DeleteAsync(Paths.Item("messages", messageId), cancellationToken);
}
