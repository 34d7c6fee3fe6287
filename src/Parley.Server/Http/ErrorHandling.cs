using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Routing.Patterns;
using Parley.Core;

namespace Parley.Server.Http;

/// <summary>Renders every failure as a Webex error body: domain errors, bad requests, unknown routes, 405, 415.</summary>
public static partial class ErrorHandling
{
    public static IServiceCollection AddWebexErrors(this IServiceCollection services) =>
        services.AddExceptionHandler<WebexExceptionHandler>().AddProblemDetails();

    public static WebApplication UseWebexErrors(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            if (http.Response.StatusCode == 405)
            {
                http.Response.Headers.Allow = AllowedMethods(http);
            }
            await WebexErrors.WriteAsync(http, http.Response.StatusCode, WebexErrors.DefaultMessage(http.Response.StatusCode));
        });
        return app;
    }

    /// <summary>The methods that routes matching this path accept, for the <c>Allow</c> header of a 405.</summary>
    private static string AllowedMethods(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var methods = context.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => new Microsoft.AspNetCore.Routing.Template.TemplateMatcher(
                Microsoft.AspNetCore.Routing.Template.TemplateParser.Parse(e.RoutePattern.RawText ?? ""), new RouteValueDictionary())
                .TryMatch(path, new RouteValueDictionary()))
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])
            .Where(m => m != "OPTIONS")
            .Distinct();
        return string.Join(", ", methods);
    }

    private sealed partial class WebexExceptionHandler(ILogger<WebexExceptionHandler> logger) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            var (status, message, details) = exception switch
            {
                ParleyException p => (p.StatusCode, p.Message, p.Details),
                UnsupportedMediaTypeException => (415, WebexErrors.DefaultMessage(415), null),
                BadHttpRequestException b => (b.StatusCode, b.StatusCode == 413 ? WebexErrors.DefaultMessage(413) : "The request could not be understood.", null),
                JsonException => (400, "The request body is not valid JSON.", null),
                InvalidDataException => (400, "The request body could not be read.", null),
                OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => (499, "Client closed the request.", null),
                _ => (500, "An unexpected error occurred. Quote the tracking ID when reporting it.", (IReadOnlyList<string>?)null),
            };
            if (status >= 500)
            {
                LogUnexpected(logger, exception, TrackingId.Of(httpContext));
            }
            await WebexErrors.WriteAsync(httpContext, status, message, details);
            return true;
        }

        [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error (tracking ID {TrackingId})")]
        private static partial void LogUnexpected(ILogger logger, Exception exception, string trackingId);
    }
}
