namespace Parley.Server.Http;

/// <summary>Echoes the client's <c>TrackingID</c> header or creates one, on every response.</summary>
public static class TrackingId
{
    public const string Header = "TrackingID";
    private const string ItemKey = "Parley.TrackingId";
    private const string Prefix = "ROUTER_";

    public static string Of(HttpContext context) =>
        context.Items[ItemKey] as string ?? Assign(context);

    public static IApplicationBuilder UseTrackingId(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var id = Assign(context);
            context.Response.Headers[Header] = id;
            return next(context);
        });

    private static string Assign(HttpContext context)
    {
        var id = context.Request.Headers[Header].ToString();
        if (string.IsNullOrWhiteSpace(id))
        {
            id = string.Create(Prefix.Length + 36, 0, static (chars, _) =>
            {
                // A tracking ID only needs to be unique, not unguessable: random bits from the process's generator
                // rather than Guid.NewGuid, which reads the kernel's random source on every request.
                Span<byte> random = stackalloc byte[16];
                Random.Shared.NextBytes(random);
                Prefix.CopyTo(chars);
                var guid = chars[Prefix.Length..];
                new Guid(random).TryFormat(guid, out _, "D");
                for (var i = 0; i < guid.Length; i++)
                {
                    guid[i] = char.ToUpperInvariant(guid[i]);
                }
            });
        }
        context.Items[ItemKey] = id;
        return id;
    }
}
