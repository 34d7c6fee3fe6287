using System.Net;
using System.Net.Sockets;

namespace Parley.Core;

/// <summary>
/// SSRF guard for every outgoing request (webhook deliveries, files by URL), applied when connecting, after DNS
/// resolution, so a name that resolves (or re-resolves, or redirects) to an internal address is refused too.
/// </summary>
public sealed class TargetGuard(TargetSecurityOptions options)
{
    private readonly IReadOnlyList<IPNetwork> _allowed = options.AllowedNetworks
        .Select(n => IPNetwork.TryParse(n, out var network) ? network : throw new InvalidOperationException($"Parley:Security:AllowedNetworks: '{n}' is not a CIDR range such as 10.1.2.0/24."))
        .ToList();

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = addresses.Where(IsAllowed).ToList();
        if (allowed.Count == 0)
        {
            throw new BlockedTargetException($"The target {host} does not resolve to a public address.");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed.ToArray(), context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Every address when private targets are allowed; otherwise public ones and the configured networks.</summary>
    public bool IsAllowed(IPAddress address) =>
        options.AllowPrivateNetworkTargets || IsPublic(address) || _allowed.Any(n => n.Contains(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address));

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return false;
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 10
                || b[0] == 0
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)
                || (b[0] == 198 && (b[1] == 18 || b[1] == 19))
                || b[0] >= 224);
        }
        var bytes = address.GetAddressBytes();
        return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
            || (bytes[0] & 0xfe) == 0xfc);
    }
}

/// <summary>The target resolved only to addresses the guard refuses.</summary>
public sealed class BlockedTargetException(string message) : IOException(message);

/// <summary>The <c>Parley:Security</c> section, as far as outgoing requests are concerned (webhook targets and file URLs).</summary>
public sealed class TargetSecurityOptions
{
    public const string Section = "Parley:Security";

    /// <summary>Allow loopback, private, link-local and other non-public addresses as targets (development and tests).</summary>
    public bool AllowPrivateNetworkTargets { get; set; }

    /// <summary>Private networks allowed all the same (CIDR ranges, such as an internal file server's <c>10.1.2.0/24</c>).</summary>
    public string[] AllowedNetworks { get; set; } = [];
}
