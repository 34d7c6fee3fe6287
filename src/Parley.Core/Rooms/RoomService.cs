namespace Parley.Core;

public sealed class RoomService
{
}
