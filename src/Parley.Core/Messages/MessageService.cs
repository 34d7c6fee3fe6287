namespace Parley.Core;

public sealed class MessageService
{
}
