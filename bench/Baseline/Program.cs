// The ceiling Parley is compared with: Kestrel and minimal APIs answering a small JSON object, nothing else.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
app.MapGet("/v1/ping", () => Results.Json(new Pong("pong", DateTime.UtcNow)));
await app.RunAsync();

internal sealed record Pong(string Message, DateTime Created);
