using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Parley.Core;

/// <summary>
/// The IDs of new rows: version 7 GUIDs (RFC 9562), a millisecond timestamp then random bits, the same layout as
/// <see cref="Guid.CreateVersion7()"/>. The random bits come from a per-thread buffer of cryptographically secure
/// bytes refilled 4 KB at a time: <see cref="Guid.CreateVersion7()"/> makes a system call for each GUID, ~1.5 µs on
/// our machines and two for every message posted, one of them inside the single writer.
/// </summary>
public static class Uuid7
{
    private const int RandomBytes = 10;
    private const int BufferSize = 4096;

    [ThreadStatic] private static byte[]? t_buffer;
    [ThreadStatic] private static int t_used;

    public static Guid New()
    {
        Span<byte> bytes = stackalloc byte[16];
        // The first 48 bits are the Unix milliseconds, big-endian: the low six bytes of the 64-bit count.
        Span<byte> millis = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(millis, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        millis[2..].CopyTo(bytes);
        TakeRandom(bytes[6..]);
        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }

    private static void TakeRandom(Span<byte> destination)
    {
        // Filled on this thread's first GUID and whenever the bytes left are too few.
        if (t_buffer is null || t_used + RandomBytes > BufferSize)
        {
            t_buffer ??= new byte[BufferSize];
            RandomNumberGenerator.Fill(t_buffer);
            t_used = 0;
        }
        // Each random byte is handed out once.
        t_buffer.AsSpan(t_used, RandomBytes).CopyTo(destination);
        t_used += RandomBytes;
    }
}
