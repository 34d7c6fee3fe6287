namespace Parley.Server.Tests;

/// <summary>Waits for work the server finishes in the background; the bound only keeps a broken test from hanging.</summary>
public static class Eventually
{
    public static async Task Async(Func<bool> condition, string what)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            if (bound.IsCancellationRequested)
            {
                Assert.Fail($"Gave up waiting for {what}.");
            }
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
