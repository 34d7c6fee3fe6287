using Parley.Core;

namespace Parley.Storage.Tests;

public sealed class BlobStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "parley-blobs", Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private IEnumerable<string> Files() => Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories);

    [Fact]
    public async Task A_blob_reads_back_whole_and_is_gone_after_delete()
    {
        var store = new FileSystemBlobStore(_root);
        var bytes = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();

        var blob = await store.PutAsync(new MemoryStream(bytes), bytes.Length, TestContext.Current.CancellationToken);

        Assert.Equal(bytes.Length, blob.Length);
        await using (var read = store.OpenRead(blob.Key)!)
        {
            using var copy = new MemoryStream();
            await read.CopyToAsync(copy, TestContext.Current.CancellationToken);
            Assert.Equal(bytes, copy.ToArray());
        }
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_root, "tmp")));
        store.Delete(blob.Key);
        Assert.Null(store.OpenRead(blob.Key));
        store.Delete(blob.Key);
    }

    [Fact]
    public async Task Content_over_the_limit_is_refused_and_leaves_no_file()
    {
        var store = new FileSystemBlobStore(_root);

        await Assert.ThrowsAsync<FileTooLargeException>(() => store.PutAsync(new MemoryStream(new byte[101]), 100, TestContext.Current.CancellationToken));

        Assert.Empty(Files());
    }

    [Fact]
    public void Keys_that_are_not_blob_keys_are_refused_as_paths()
    {
        var store = new FileSystemBlobStore(_root);

        Assert.Throws<ArgumentException>(() => store.OpenRead("../../etc/passwd"));
        Assert.Throws<ArgumentException>(() => store.Delete("ABCDEF"));
    }
}
