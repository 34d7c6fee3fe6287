namespace Parley.Core;

/// <summary>
/// Immutable file contents addressed by key. A blob is visible under its key only once it is complete and durable,
/// so a crash never exposes half a file.
/// </summary>
public interface IBlobStore
{
    /// <summary>
    /// Copies <paramref name="content"/> into a new blob. Past <paramref name="maxBytes"/> it stops, removes what it
    /// wrote and throws <see cref="FileTooLargeException"/>.
    /// </summary>
    Task<StoredBlob> PutAsync(Stream content, long maxBytes, CancellationToken cancellationToken);

    /// <summary>The blob's bytes (a seekable stream), or null when no blob has the key.</summary>
    Stream? OpenRead(string key);

    /// <summary>Removes the blob; a missing blob is not an error.</summary>
    void Delete(string key);
}

public sealed record StoredBlob(string Key, long Length);

/// <summary>A file in blob storage, ready to be attached to a message; deleted again if the message is refused.</summary>
public sealed record MessageFile(string Name, string ContentType, StoredBlob Blob);

/// <summary>A message's file as served by <c>/v1/contents</c>.</summary>
public sealed record FileContent(string Name, string ContentType, long Length, Stream Stream);

/// <summary>Thrown by <see cref="IBlobStore.PutAsync"/> when the content exceeds its limit.</summary>
public sealed class FileTooLargeException() : IOException("The content exceeds the size limit.");

/// <summary>Fetches the file of a <c>files: ["https://…"]</c> message into blob storage.</summary>
public interface IFileFetcher
{
    /// <summary>The fetched file; a <see cref="ValidationException"/> when it cannot be retrieved or is refused.</summary>
    Task<MessageFile> FetchAsync(string url, CancellationToken cancellationToken);
}

/// <summary>Contents of deleted messages, waiting to be removed from blob storage.</summary>
public interface IDeletedFileStore
{
    Task<IReadOnlyList<string>> ListAsync(int limit);

    Task ForgetAsync(IReadOnlyCollection<string> keys);
}

/// <summary>A row of the deleted-file queue.</summary>
public sealed class DeletedFile
{
    public required string Key { get; set; }
}
