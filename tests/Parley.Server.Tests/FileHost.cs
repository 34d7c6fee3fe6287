using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Parley.Server.Tests;

/// <summary>A web server on a loopback address that serves test files and redirects, for files posted by URL.</summary>
public sealed class FileHost : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _routes = new();
    private WebApplication _app = null!;

    /// <summary>Like <c>http://127.0.0.1:port</c>.</summary>
    public string Url { get; private set; } = "";

    public int Requests => _requests;

    private int _requests;

    public static async Task<FileHost> StartAsync(string address = "127.0.0.1")
    {
        var host = new FileHost();
        host._app = await LoopbackApp.StartAsync(app => app.Run(host.HandleAsync), address);
        host.Url = host._app.Urls.First();
        return host;
    }

    /// <summary>Serves the bytes at the path; the absolute URL is returned.</summary>
    public string Serve(string path, byte[] bytes, string? contentType = null, string? contentDisposition = null)
    {
        _routes[path] = async context =>
        {
            if (contentType is not null)
            {
                context.Response.ContentType = contentType;
            }
            if (contentDisposition is not null)
            {
                context.Response.Headers.ContentDisposition = contentDisposition;
            }
            context.Response.ContentLength = bytes.Length;
            await context.Response.Body.WriteAsync(bytes);
        };
        return Url + path;
    }

    /// <summary>Serves bytes at the path slowly: <paramref name="delay"/> before each of its chunks.</summary>
    public string ServeSlowly(string path, int chunks, TimeSpan delay)
    {
        _routes[path] = async context =>
        {
            for (var i = 0; i < chunks; i++)
            {
                await Task.Delay(delay, context.RequestAborted);
                await context.Response.Body.WriteAsync(new byte[100], context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        };
        return Url + path;
    }

    /// <summary>Answers the path with a redirect to <paramref name="target"/>; the absolute URL is returned.</summary>
    public string Redirect(string path, string target)
    {
        _routes[path] = context =>
        {
            context.Response.Redirect(target);
            return Task.CompletedTask;
        };
        return Url + path;
    }

    private Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        if (_routes.TryGetValue(context.Request.Path.Value ?? "", out var route))
        {
            return route(context);
        }
        context.Response.StatusCode = 404;
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
