using System.Buffers;
using System.Text.Encodings.Web;

namespace Parley.Contracts;

/// <summary>
/// Escapes exactly what JavaScript's <c>JSON.stringify</c> escapes: the quote, the backslash and control
/// characters below U+0020. Receivers re-serialize webhook bodies before checking signatures, so our bytes
/// must match theirs; the built-in encoders also escape non-ASCII, emoji and HTML-sensitive characters.
/// </summary>
public sealed class JavaScriptCompatibleEncoder : JavaScriptEncoder
{
    public static readonly JavaScriptCompatibleEncoder Instance = new();

    private JavaScriptCompatibleEncoder()
    {
    }

    public override int MaxOutputCharactersPerInputCharacter => 6;

    public override bool WillEncode(int unicodeScalar) =>
        unicodeScalar < 0x20 || unicodeScalar == '"' || unicodeScalar == '\\';

    /// <summary>Printable ASCII but the quote and the backslash: never escaped, and skipped in vectorized strides.</summary>
    private static readonly SearchValues<char> PlainAscii = SearchValues.Create(
        string.Concat(Enumerable.Range(0x20, 0x7F - 0x20).Select(c => (char)c).Where(c => c is not '"' and not '\\')));

    private static readonly SearchValues<byte> PlainAsciiUtf8 = SearchValues.Create(
        Enumerable.Range(0x20, 0x7F - 0x20).Select(c => (byte)c).Where(c => c is not (byte)'"' and not (byte)'\\').ToArray());

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        var start = new ReadOnlySpan<char>(text, textLength).IndexOfAnyExcept(PlainAscii);
        if (start < 0)
        {
            return -1;
        }
        for (var i = start; i < textLength; i++)
        {
            var c = text[i];
            if (c < 0x20 || c == '"' || c == '\\' || char.IsSurrogate(c) && !IsValidPair(text, textLength, ref i))
            {
                return i;
            }
        }
        return -1;
    }

    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text)
    {
        var start = utf8Text.IndexOfAnyExcept(PlainAsciiUtf8);
        if (start < 0)
        {
            return -1;
        }
        for (var i = start; i < utf8Text.Length; i++)
        {
            var b = utf8Text[i];
            if (b < 0x20 || b == '"' || b == '\\')
            {
                return i;
            }
        }
        return -1;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        var escape = unicodeScalar switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\b' => "\\b",
            '\f' => "\\f",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            < 0x20 => $"\\u{unicodeScalar:x4}",
            _ => null,
        };
        if (escape is null)
        {
            // Not escaped: write the scalar itself (as a surrogate pair above the BMP).
            var chars = char.ConvertFromUtf32(unicodeScalar);
            return Write(chars, buffer, bufferLength, out numberOfCharactersWritten);
        }
        return Write(escape, buffer, bufferLength, out numberOfCharactersWritten);
    }

    private static unsafe bool IsValidPair(char* text, int length, ref int i)
    {
        if (char.IsHighSurrogate(text[i]) && i + 1 < length && char.IsLowSurrogate(text[i + 1]))
        {
            i++;
            return true;
        }
        return false;
    }

    private static unsafe bool Write(string value, char* buffer, int bufferLength, out int written)
    {
        if (value.Length > bufferLength)
        {
            written = 0;
            return false;
        }
        for (var i = 0; i < value.Length; i++)
        {
            buffer[i] = value[i];
        }
        written = value.Length;
        return true;
    }
}
