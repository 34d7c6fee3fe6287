using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Parley.Server.Tests;

/// <summary>A tiny Kestrel app on a free port of a loopback address, for the servers tests stand up beside Parley.</summary>
public static class LoopbackApp
{
    /// <summary>Starts the app once <paramref name="map"/> has added its routes; its base URL is <c>app.Urls.First()</c>.</summary>
    public static async Task<WebApplication> StartAsync(Action<WebApplication> map, string address = "127.0.0.1")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Parse(address), 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return app;
    }
}
