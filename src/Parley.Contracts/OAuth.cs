using System.Text.Json.Serialization;

namespace Parley.Contracts;

/// <summary>Token endpoint success body (60 §3.3): all five Webex fields, plus the granted scopes.</summary>
public sealed record OAuthTokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("expires_in")] long ExpiresIn,
    [property: JsonPropertyName("refresh_token")] string RefreshToken,
    [property: JsonPropertyName("refresh_token_expires_in")] long RefreshTokenExpiresIn,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("scope")] string Scope);

/// <summary>OAuth error fields and the Webex error envelope in one body (60 §3.3).</summary>
public sealed record OAuthErrorBody(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string ErrorDescription,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("errors")] IReadOnlyList<ErrorDescription> Errors,
    [property: JsonPropertyName("trackingId")] string TrackingId);

/// <summary>An integration grant as listed by <c>GET /v1/authorizations</c> (60 §7).</summary>
public sealed record Authorization(
    string Id,
    string ApplicationId,
    string ApplicationName,
    string PersonId,
    string ClientId,
    DateTime Created,
    string Type);

/// <summary><c>GET /v1/authorizations/tokenExpiry</c>: epoch milliseconds; absent for tokens that never expire.</summary>
public sealed record TokenExpiry(long? Exp);

/// <summary>RFC 7009 revocation answers an empty object.</summary>
public sealed record EmptyObject;
