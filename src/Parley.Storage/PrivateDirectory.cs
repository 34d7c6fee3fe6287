namespace Parley.Storage;

/// <summary>
/// Directories that hold what only the server may read (the database, file contents, data-protection keys): created
/// readable by their owner alone, since the default mode lets every local user read messages and forge cookies.
/// </summary>
public static class PrivateDirectory
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates <paramref name="path"/> and any missing parents with mode 700; an existing directory keeps its mode.</summary>
    public static void Create(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, OwnerOnly);
        }
    }

    /// <summary>Whether users other than the owner may enter or read the existing directory <paramref name="path"/>.</summary>
    public static bool IsSharedWithOthers(string path) =>
        !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~OwnerOnly) != 0;
}
