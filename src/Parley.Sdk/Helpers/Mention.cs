namespace Parley.Sdk;

/// <summary>Mention markup for message markdown; the server turns it into <c>mentionedPeople</c>/<c>mentionedGroups</c>.</summary>
public static class Mention
{
    /// <summary>Mentions everyone in the room: <c>&lt;@all&gt;</c>.</summary>
    public const string All = "<@all>";

    /// <summary>Mentions a person by ID: <c>&lt;@personId:ID|name&gt;</c>.</summary>
    /// <param name="personId">The person's ID.</param>
    /// <param name="displayName">The text shown; the person's display name when null.</param>
    public static string Person(string personId, string? displayName = null) => Markup("personId", personId, displayName);

    /// <summary>Mentions a person by address: <c>&lt;@personEmail:address|name&gt;</c>.</summary>
    /// <param name="email">The person's address.</param>
    /// <param name="displayName">The text shown; the person's display name when null.</param>
    public static string PersonEmail(string email, string? displayName = null) => Markup("personEmail", email, displayName);

    private static string Markup(string kind, string value, string? displayName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        if (value.AsSpan().IndexOfAny("|> \t\r\n") >= 0)
        {
            throw new ArgumentException("An ID or address in a mention cannot contain '|', '>' or whitespace.", nameof(value));
        }
        // '>' would end the markup early; the shown name has no other reserved character.
        var name = displayName?.Replace(">", "", StringComparison.Ordinal).Trim();
        return string.IsNullOrEmpty(name) ? $"<@{kind}:{value}>" : $"<@{kind}:{value}|{name}>";
    }
}
