using Parley.Contracts;

namespace Parley.Core;

/// <summary>Reads role IDs sent by clients: the encoded <c>ROLE</c> ID, or the bare role key.</summary>
public static class RoleIds
{
    /// <summary>The built-in role key an ID names, or null when it names none.</summary>
    public static string? KeyOf(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var trimmed = value.Trim();
        if (IsKnown(trimmed))
        {
            return trimmed;
        }
        return WebexId.TryDecode(trimmed, out var type, out var localId) && type == WebexIdType.Role && IsKnown(localId) ? localId : null;
    }

    /// <summary>Role keys of a list of role IDs; any unknown one is a 400.</summary>
    public static IReadOnlyList<string> RequireKeys(IEnumerable<string> values) =>
        values.Select(v => KeyOf(v) ?? throw new ValidationException($"Invalid role ID: {v}")).Distinct().ToList();

    public static string Name(string key) => RoleKeys.All.First(r => r.Key == key).Name;

    private static bool IsKnown(string key) => RoleKeys.All.Any(r => r.Key == key);
}
