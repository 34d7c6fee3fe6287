namespace Parley.Core;

/// <summary>
/// The closed set of failures the domain reports. The server renders each as a Webex error body
/// with the matching status code; nothing else is allowed to escape as a client-visible error.
/// </summary>
public abstract class ParleyException(string message, IReadOnlyList<string>? details = null) : Exception(message)
{
    public abstract int StatusCode { get; }

    /// <summary>One entry per problem; defaults to the message itself.</summary>
    public IReadOnlyList<string> Details { get; } = details is { Count: > 0 } ? details : [message];
}

/// <summary>400: the request is invalid.</summary>
public sealed class ValidationException(string message, IReadOnlyList<string>? details = null)
    : ParleyException(message, details)
{
    public override int StatusCode => 400;
}

/// <summary>401: no valid credentials.</summary>
public sealed class UnauthorizedException(string message = "The request requires a valid access token set in the Authorization request header.")
    : ParleyException(message)
{
    public override int StatusCode => 401;
}

/// <summary>403: the caller is known but not allowed.</summary>
public sealed class ForbiddenException(string message) : ParleyException(message)
{
    public override int StatusCode => 403;
}

/// <summary>404: the object does not exist or the caller may not see it (never distinguished).</summary>
public sealed class NotFoundException(string message) : ParleyException(message)
{
    public override int StatusCode => 404;
}

/// <summary>409: the change conflicts with the current state.</summary>
public sealed class ConflictException(string message) : ParleyException(message)
{
    public override int StatusCode => 409;
}
