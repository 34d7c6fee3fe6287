using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Parley.Server.Tests;

/// <summary>Keeps docs/api-compat.md in step with the routes the running server maps.</summary>
public sealed partial class ApiCompatDocTests(ParleyServer server) : IClassFixture<ParleyServer>
{
    private static readonly string[] Served = ["done", "partial"];

    [Fact]
    public void Every_mapped_route_is_documented_as_done_or_partial()
    {
        var rows = DocumentedRows();
        var missing = MappedRoutes().Where(r => !rows.TryGetValue(r, out var status) || !Served.Contains(status)).ToList();
        Assert.True(missing.Count == 0, "Mapped but not documented as done or partial in docs/api-compat.md: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_row_marked_done_or_partial_is_mapped_and_no_row_marked_not_yet_is()
    {
        var mapped = MappedRoutes();
        var rows = DocumentedRows();
        var servedButUnmapped = rows.Where(r => Served.Contains(r.Value) && !mapped.Contains(r.Key)).Select(r => r.Key).ToList();
        var notYetButMapped = rows.Where(r => r.Value == "not yet" && mapped.Contains(r.Key)).Select(r => r.Key).ToList();
        Assert.True(servedButUnmapped.Count == 0, "Documented as served but not mapped: " + string.Join(", ", servedButUnmapped));
        Assert.True(notYetButMapped.Count == 0, "Documented as not yet but mapped: " + string.Join(", ", notYetButMapped));
    }

    [Fact]
    public void The_document_covers_every_resource_of_the_spec()
    {
        var rows = DocumentedRows();
        string[] required =
        [
            "GET /v1/people", "GET /v1/organizations", "PATCH /v1/licenses/users", "GET /v1/roles", "GET /v1/adminAudit/events",
            "GET /v1/rooms/{roomId}/meetingInfo", "GET /v1/room/tabs", "GET /v1/teams", "GET /v1/memberships", "GET /v1/team/memberships",
            "GET /v1/messages/direct", "GET /v1/contents/{contentId}", "POST /v1/attachment/actions", "POST /v1/webhooks", "GET /v1/events",
            "GET /v1/authorize", "POST /v1/access_token", "GET /v1/authorizations", "POST /wdm/api/v1/devices",
        ];
        Assert.All(required, r => Assert.True(rows.ContainsKey(r), $"{r} has no row"));
        // Nothing else in the document looks like a row but fails to parse, so a typo cannot hide a row.
        var lines = File.ReadAllLines(DocPath).Where(l => l.StartsWith("| `", StringComparison.Ordinal)).ToList();
        Assert.Equal(lines.Count, rows.Count);
    }

    private static string DocPath => Path.Combine(AppContext.BaseDirectory, "api-compat.md");

    /// <summary>"METHOD /path" of every route endpoint, without trailing slashes (the server ignores them).</summary>
    private HashSet<string> MappedRoutes()
    {
        var routes = server.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {Normalize(e.RoutePattern.RawText)}"))
            .ToHashSet();
        Assert.NotEmpty(routes);
        return routes;
    }

    private static string Normalize(string? rawText)
    {
        var path = "/" + (rawText ?? "").Trim('/');
        return path.Replace("//", "/", StringComparison.Ordinal);
    }

    /// <summary>Table rows "| `METHOD /path` | status | notes |" of the document, keyed by "METHOD /path".</summary>
    private static Dictionary<string, string> DocumentedRows()
    {
        var rows = new Dictionary<string, string>();
        foreach (var line in File.ReadAllLines(DocPath))
        {
            var match = RowPattern().Match(line);
            if (match.Success)
            {
                Assert.True(rows.TryAdd(match.Groups["route"].Value, match.Groups["status"].Value), $"Duplicate row: {match.Groups["route"].Value}");
            }
        }
        Assert.NotEmpty(rows);
        return rows;
    }

    [GeneratedRegex(@"^\| `(?<route>(GET|POST|PUT|PATCH|DELETE|HEAD) /[^`\s]*)` \| (?<status>done|partial|not yet) \|")]
    private static partial Regex RowPattern();
}
