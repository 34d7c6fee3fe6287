namespace Parley.Core;

/// <summary>The <c>Parley:Files</c> section: files attached to messages.</summary>
public sealed class MessageFileOptions
{
    /// <summary>Where file contents are kept; <c>{DataDirectory}/files</c> when unset. Nodes sharing a database share this directory.</summary>
    public string? BlobDirectory { get; set; }

    /// <summary>Largest file accepted, uploaded or fetched by URL (Webex: 100 MB).</summary>
    public long MaxFileBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Time allowed to fetch a file given by URL, from connecting to the last byte.</summary>
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Redirects followed when fetching a file by URL.</summary>
    public int MaxRedirects { get; set; } = 5;

    /// <summary>How often the contents of deleted messages are removed from blob storage.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    public string TooLargeMessage => MaxFileBytes % (1024 * 1024) == 0
        ? $"The file exceeds the maximum size of {MaxFileBytes / (1024 * 1024)} MB."
        : $"The file exceeds the maximum size of {MaxFileBytes} bytes.";
}
