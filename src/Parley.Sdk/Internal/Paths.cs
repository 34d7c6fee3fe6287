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

    /// <summary>The API root with a trailing slash: without it, "rooms" would replace "v1" instead of being appended to it.</summary>
    public static Uri Root(Uri uri) =>
        uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");

    public static T NotNull<T>(T? value, [CallerArgumentExpression(nameof(value))] string? name = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(value, name);
        return value;
    }
}
