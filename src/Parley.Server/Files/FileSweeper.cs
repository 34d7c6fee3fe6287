using Parley.Core;

namespace Parley.Server.Files;

/// <summary>
/// Removes the contents of deleted messages and rooms from blob storage. Deletes queue their file keys in the same
/// transaction as the delete, so no file is forgotten across a crash; a key is forgotten only after its blob is gone.
/// Several nodes may sweep the same queue: removing a blob twice is harmless.
/// </summary>
public sealed partial class FileSweeper(IDataStore store, IBlobStore blobs, MessageFileOptions options, ILogger<FileSweeper> logger) : BackgroundService
{
    private const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.SweepInterval);
        do
        {
            try
            {
                while (await SweepBatchAsync(stoppingToken) == BatchSize)
                {
                    // A full batch: more keys may be waiting.
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSweepFailed(ex, options.SweepInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<int> SweepBatchAsync(CancellationToken cancellationToken)
    {
        var keys = await store.ReadAsync(s => s.DeletedFiles.ListAsync(BatchSize), cancellationToken);
        if (keys.Count == 0)
        {
            return 0;
        }
        foreach (var key in keys)
        {
            blobs.Delete(key);
        }
        await store.WriteAsync(async s =>
        {
            await s.DeletedFiles.ForgetAsync(keys);
            return true;
        }, cancellationToken);
        return keys.Count;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Sweeping the files of deleted messages failed; retrying in {Interval}")]
    private partial void LogSweepFailed(Exception exception, TimeSpan interval);
}
