using Microsoft.AspNetCore.Connections;
using Parley.Server.Endpoints;
using Parley.Server.Hosting;
using Parley.Server.Http;
using Parley.Server.Pages;
using Parley.Webhooks;

var isCommand = AdminCommands.IsCommand(args);
// appsettings files are checked for changes by polling them every few seconds rather than by a watcher of the
// content root and every directory under it: the default data directory is one of them, and a watcher there woke for
// every write to the database (7% more messages created per second without it, measured in pairs). An operator's own setting wins.
if (Environment.GetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
}
var builder = WebApplication.CreateBuilder(isCommand ? args[1..] : args);
builder.Configuration.AddParleyLogDefaults();
var options = builder.Configuration.GetSection(ParleyOptions.Section).Get<ParleyOptions>() ?? new ParleyOptions();

// Options, storage (SQLite or PostgreSQL) and the per-resource domain services.
builder.Services.AddParley(options, builder.Configuration);
// Outbox → signed POSTs to webhook targets, with retries and deactivation.
builder.Services.AddWebhookDelivery(builder.Configuration);
// Every failure becomes a Webex error body.
builder.Services.AddWebexErrors();
// A session cookie for the sign-in, token, bot and integration pages.
builder.Services.AddSessionAuthentication(options.DataDirectory);
// Browser clients (widgets, the JS SDK) call cross-origin.
builder.Services.AddWebexCors();
// 429 + Retry-After per token.
builder.Services.AddPerTokenRateLimit(options.RateLimit);

await using var app = builder.Build();

if (isCommand)
{
    return await AdminCommands.RunAsync(app.Services, args);
}

await app.Services.InitializeStorageAsync();

app.UseTrackingId();
app.UseWebexErrors();
app.UseTrailingSlashTolerance();
// The event stream (GET /v1/stream) is a WebSocket; no other request needs the upgrade handling.
app.UseEventStreamWebSockets();
app.UseRouting();
app.UseCors(HttpPipeline.CorsPolicy);
app.UsePerTokenRateLimit(options.RateLimit);
// Bearer tokens and their scopes on every /v1 endpoint but the OAuth protocol ones.
app.UseBearerAuthentication();

var v1 = app.MapGroup("/v1")
    .RequireBearerToken()
    .RequirePerTokenRateLimit(options.RateLimit);
v1.MapPeople();
v1.MapOrganizations();
v1.MapRooms();
v1.MapRoomTabs();
v1.MapTeams();
v1.MapMemberships();
v1.MapTeamMemberships();
v1.MapMessages();
v1.MapAttachmentActions();
v1.MapContents();
v1.MapOAuth();
v1.MapWebhooks();
v1.MapEventStream();
// Server-rendered pages outside the Webex API.
app.MapAccountPages();

try
{
    await app.StartAsync();
}
catch (IOException e) when (e.InnerException is AddressInUseException)
{
    // The host has logged the exception; left unhandled it would abort the process (exit 134) with a second stack
    // trace. Stopping ends the background services already started as any shutdown does (unstopped, the host logs
    // their cancellation as failures), and the last line says what to do.
    await app.StopAsync();
    app.Logger.LogAddressInUse(e.Message);
    return 1;
}
await app.WaitForShutdownAsync();
return 0;
