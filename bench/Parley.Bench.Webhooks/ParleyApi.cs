using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Parley.Bench.Webhooks;

/// <summary>The few /v1 calls the benchmarks make, as plain JSON over one HttpClient.</summary>
public sealed class ParleyApi : IDisposable
{
    private readonly HttpClient _http;

    public ParleyApi(Uri server, string token)
    {
        Server = server;
        Token = token;
        _http = new HttpClient { BaseAddress = new Uri(server, "/v1/") };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public Uri Server { get; }

    public string Token { get; }

    public Task<string> CreateRoomAsync(string title) => PostAsync("rooms", new JsonObject { ["title"] = title });

    public Task<string> CreateMessageWebhookAsync(string name, string targetUrl, string roomId) => PostAsync("webhooks", new JsonObject
    {
        ["name"] = name,
        ["targetUrl"] = targetUrl,
        ["resource"] = "messages",
        ["event"] = "created",
        ["filter"] = $"roomId={roomId}",
    });

    public Task<string> PostMessageAsync(string roomId, string text) => PostAsync("messages", new JsonObject { ["roomId"] = roomId, ["text"] = text });

    /// <summary>POSTs a JSON body and returns the created object's id.</summary>
    private async Task<string> PostAsync(string path, JsonObject body)
    {
        using var response = await _http.PostAsJsonAsync(path, body);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"POST /v1/{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        var created = await response.Content.ReadFromJsonAsync<JsonObject>();
        return created?["id"]?.GetValue<string>() ?? throw new HttpRequestException($"POST /v1/{path}: no id in the response");
    }

    public void Dispose() => _http.Dispose();
}
