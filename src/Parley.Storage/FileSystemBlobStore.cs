using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using Parley.Core;

namespace Parley.Storage;

/// <summary>
/// Blobs as files under one directory, sharded by the first two characters of their random key. A blob is written
/// under <c>tmp/</c>, flushed to disk, renamed into place and its directory flushed, so after a crash of the process
/// or the machine a key names either the whole file or nothing. Several server nodes share blobs by mounting the
/// same directory (a file system with atomic rename, such as NFS or a cluster file system).
/// </summary>
public sealed class FileSystemBlobStore : IBlobStore
{
    private const int BufferSize = 81920;
    private static readonly TimeSpan _staleStaging = TimeSpan.FromDays(1);
    private readonly string _root;
    private readonly string _staging;

    public FileSystemBlobStore(string root)
    {
        _root = Path.GetFullPath(root);
        _staging = Path.Combine(_root, "tmp");
        PrivateDirectory.Create(_root);
        Directory.CreateDirectory(_staging);
        // Left by a crash mid-upload. Only old ones: another node sharing the directory may be writing the new ones.
        foreach (var file in new DirectoryInfo(_staging).EnumerateFiles().Where(f => DateTime.UtcNow - f.LastWriteTimeUtc > _staleStaging))
        {
            file.Delete();
        }
    }

    public async Task<StoredBlob> PutAsync(Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        var key = Guid.NewGuid().ToString("N");
        var staging = Path.Combine(_staging, key);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long length = 0;
            await using (var file = new FileStream(staging, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous))
            {
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    length += read;
                    if (length > maxBytes)
                    {
                        throw new FileTooLargeException();
                    }
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
                file.Flush(flushToDisk: true);
            }
            var path = PathOf(key);
            var shard = Path.GetDirectoryName(path)!;
            if (!Directory.Exists(shard))
            {
                Directory.CreateDirectory(shard);
                FlushDirectory(_root);
            }
            File.Move(staging, path);
            FlushDirectory(shard);
            return new StoredBlob(key, length);
        }
        catch
        {
            File.Delete(staging);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public Stream? OpenRead(string key)
    {
        try
        {
            return new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public void Delete(string key) => File.Delete(PathOf(key));

    /// <summary>The file of a key; keys come from storage, so anything but our own format is refused rather than trusted as a path.</summary>
    private string PathOf(string key) =>
        key.Length == 32 && key.All(char.IsAsciiHexDigitLower)
            ? Path.Combine(_root, key[..2], key)
            : throw new ArgumentException($"Not a blob key: {key}", nameof(key));

    /// <summary>Makes a rename or a new entry in the directory durable (fsync of the directory; POSIX only).</summary>
    private static void FlushDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var fd = Posix.open(Encoding.UTF8.GetBytes(directory + "\0"), Posix.ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"Cannot open {directory} to flush it (errno {Marshal.GetLastPInvokeError()}).");
        }
        try
        {
            if (Posix.fsync(fd) != 0)
            {
                throw new IOException($"Cannot flush {directory} (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Posix.close(fd);
        }
    }

    private static class Posix
    {
        public const int ReadOnly = 0;

        [DllImport("libc", SetLastError = true)]
        public static extern int open(byte[] path, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int fsync(int fd);

        [DllImport("libc")]
        public static extern int close(int fd);
    }
}
