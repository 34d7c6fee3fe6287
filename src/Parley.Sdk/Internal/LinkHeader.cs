using System.Net.Http.Headers;

namespace Parley.Sdk.Internal;

/// <summary>Reads the <c>rel="next"</c> target of RFC 8288 <c>Link</c> headers.</summary>
internal static class LinkHeader
{
    /// <summary>The next page's URL (as written, possibly relative), or null on the last page.</summary>
    public static string? Next(HttpResponseHeaders headers)
    {
        if (!headers.NonValidated.TryGetValues("Link", out var values))
        {
            return null;
        }
        foreach (var value in values)
        {
            // One header line may hold several comma-joined links; commas can also occur inside <...>.
            foreach (var link in SplitLinks(value))
            {
                if (IsNext(link, out var target))
                {
                    return target;
                }
            }
        }
        return null;
    }

    private static IEnumerable<string> SplitLinks(string value)
    {
        var start = 0;
        var inUrl = false;
        for (var i = 0; i < value.Length; i++)
        {
            switch (value[i])
            {
                case '<':
                    inUrl = true;
                    break;
                case '>':
                    inUrl = false;
                    break;
                case ',' when !inUrl:
                    yield return value[start..i];
                    start = i + 1;
                    break;
            }
        }
        yield return value[start..];
    }

    private static bool IsNext(string link, out string target)
    {
        target = "";
        var open = link.IndexOf('<', StringComparison.Ordinal);
        var close = link.IndexOf('>', StringComparison.Ordinal);
        if (open < 0 || close < open)
        {
            return false;
        }
        foreach (var parameter in link[(close + 1)..].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = parameter.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length == 2 && pair[0].Equals("rel", StringComparison.OrdinalIgnoreCase)
                && pair[1].Trim('"').Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("next", StringComparer.OrdinalIgnoreCase))
            {
                target = link[(open + 1)..close].Trim();
                return true;
            }
        }
        return false;
    }
}
