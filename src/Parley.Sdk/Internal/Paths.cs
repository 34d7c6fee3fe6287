using System.Runtime.CompilerServices;

namespace Parley.Sdk.Internal;

/// <summary>Relative paths under the API root, with IDs escaped and checked.</summary>
internal static class Paths
{
    public static string Item(string collection, string id, [CallerArgumentExpression(nameof(id))] string? name = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id, name);
        return collection + "/" + Uri.EscapeDataString(id);
    }

    public static T NotNull<T>(T? value, [CallerArgumentExpression(nameof(value))] string? name = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(value, name);
        return value;
    }
}
