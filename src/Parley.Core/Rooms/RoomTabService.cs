namespace Parley.Core;

public sealed class RoomTabService
{
}
