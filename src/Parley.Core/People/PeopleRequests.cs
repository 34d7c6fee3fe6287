using Wire = Parley.Contracts;

namespace Parley.Core;

/// <summary>Query parameters of <c>GET /v1/people</c>, as received (IDs still encoded).</summary>
public sealed record PeopleListRequest(
    string? Email,
    string? DisplayName,
    string? Ids,
    string? OrgId,
    string? Roles,
    bool CallingData,
    string? LocationId,
    bool ExcludeStatus,
    int? Max,
    string? Cursor);

/// <summary>A page of people with the cursor of the next page and the effective page size.</summary>
public sealed record PeoplePage(Wire.PeopleList List, string? NextCursor, int Max);
