using Parley.Core;

namespace Parley.Server.Http;

/// <summary>
/// Endpoint metadata: the request needs one of these scopes (60 §5.2). An empty list means any valid token will do.
/// Declared next to each route with <see cref="ScopeRequirementExtensions.RequireScope"/>; checked by
/// <see cref="BearerAuthentication"/>.
/// </summary>
public sealed record ScopeRequirement(IReadOnlyList<string> AnyOf);

public static class ScopeRequirementExtensions
{
    /// <summary>The route needs one of the scopes; without them the caller gets a 403 naming them.</summary>
    public static RouteHandlerBuilder RequireScope(this RouteHandlerBuilder route, params string[] anyOf) =>
        route.WithMetadata(new ScopeRequirement(anyOf));

    /// <summary>The route accepts any valid token (webhooks, authorizations: 60 §5.2).</summary>
    public static RouteHandlerBuilder RequireAnyScope(this RouteHandlerBuilder route) => route.WithMetadata(new ScopeRequirement([]));

    public static void Check(Caller caller, ScopeRequirement requirement)
    {
        if (requirement.AnyOf.Count > 0 && !requirement.AnyOf.Any(s => Scopes.Allows(caller.Scopes, s)))
        {
            throw new ForbiddenException(requirement.AnyOf.Count == 1
                ? $"The access token lacks the required scope {requirement.AnyOf[0]}."
                : $"The access token lacks a required scope: one of {string.Join(", ", requirement.AnyOf)}.");
        }
    }
}
