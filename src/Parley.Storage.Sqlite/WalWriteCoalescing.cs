using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Parley.Storage.Sqlite;

/// <summary>
/// A VFS over SQLite's default one that writes a commit's WAL frames with one system call. SQLite writes each frame as
/// two writes (its header, then the page), so a commit of 25 pages costs 50 <c>pwrite</c> calls; on the virtual
/// machines Parley was measured on a system call is expensive, and these calls were 40% of SQLite's CPU time per
/// message. Here the contiguous writes to a WAL file are gathered in memory and written out when a commit's last
/// frame is complete, and before anything that needs them in the file (a sync, a read, a size query, a truncation, a
/// file control, closing). Other connections read frames only once a commit has published them in the wal-index,
/// after its last frame, so they never miss a gathered write; a process that dies loses only frames of a commit not
/// yet written, which recovery ignores as it would a commit cut short. Every other file (the database, the
/// wal-index) keeps the default VFS's own methods.
/// </summary>
internal static unsafe partial class WalWriteCoalescing
{
    private const int SqliteOk = 0;
    private const int SqliteNoMem = 7;
    private const int OpenWal = 0x00080000; // SQLITE_OPEN_WAL
    // The unix VFS writes at most 128 KiB - 1 bytes in one call (its seekAndWriteFd masks the length to 17 bits); a
    // commit of 25 frames of 4 KiB pages is ~100 KiB.
    private const int BufferSize = 0x1ffff;
    private const int FrameHeaderSize = 24;

    private static Vfs* _default;
    private static IoMethods* _walMethods;

    /// <summary>Makes the coalescing VFS the process's default: once, before the first connection opens.</summary>
    public static void Register()
    {
        _default = Native.sqlite3_vfs_find(null);
        var vfs = (Vfs*)NativeMemory.AllocZeroed((nuint)sizeof(Vfs));
        // Everything but opening a file is the default VFS's own, which reads nothing of the VFS record it is
        // handed that differs here.
        *vfs = *_default;
        // The record declared here ends with version 3's fields, whatever a later default VFS adds.
        vfs->iVersion = Math.Min(_default->iVersion, 3);
        vfs->pNext = null;
        vfs->zName = (byte*)Marshal.StringToCoTaskMemUTF8("parley-wal-coalescing");
        vfs->szOsFile = sizeof(WalFile) + _default->szOsFile;
        vfs->xOpen = &Open;
        _walMethods = (IoMethods*)NativeMemory.AllocZeroed((nuint)sizeof(IoMethods));
        *_walMethods = new IoMethods
        {
            // Version 1: a WAL file is never memory-mapped and has no wal-index of its own.
            iVersion = 1,
            xClose = &Close,
            xRead = &Read,
            xWrite = &Write,
            xTruncate = &Truncate,
            xSync = &Sync,
            xFileSize = &FileSize,
            xLock = &LockFile,
            xUnlock = &UnlockFile,
            xCheckReservedLock = &CheckReservedLock,
            xFileControl = &FileControl,
            xSectorSize = &SectorSize,
            xDeviceCharacteristics = &DeviceCharacteristics,
        };
        var rc = Native.sqlite3_vfs_register(vfs, makeDefault: 1);
        if (rc != SqliteOk)
        {
            throw new InvalidOperationException($"Registering the SQLite VFS failed ({rc}).");
        }
    }

    [UnmanagedCallersOnly]
    private static int Open(Vfs* vfs, byte* name, SqliteFile* file, int flags, int* outFlags)
    {
        if ((flags & OpenWal) == 0)
        {
            // The default VFS's file, with its own methods, in the (larger) space SQLite allocated for ours.
            return _default->xOpen(_default, name, file, flags, outFlags);
        }
        var wal = (WalFile*)file;
        *wal = default;
        var inner = Inner(wal);
        var rc = _default->xOpen(_default, name, inner, flags, outFlags);
        if (rc != SqliteOk)
        {
            if (inner->pMethods != null)
            {
                inner->pMethods->xClose(inner);
            }
            return rc;
        }
        wal->Base.pMethods = _walMethods;
        return SqliteOk;
    }

    private static SqliteFile* Inner(WalFile* wal) => (SqliteFile*)((byte*)wal + sizeof(WalFile));

    /// <summary>Writes what has been gathered, in one call.</summary>
    private static int Flush(WalFile* wal)
    {
        if (wal->Length == 0)
        {
            return SqliteOk;
        }
        var inner = Inner(wal);
        var rc = inner->pMethods->xWrite(inner, wal->Buffer, wal->Length, wal->Offset);
        wal->Length = 0;
        return rc;
    }

    [UnmanagedCallersOnly]
    private static int Write(SqliteFile* file, void* data, int amount, long offset)
    {
        var wal = (WalFile*)file;
        if (wal->Length > 0 && (offset != wal->Offset + wal->Length || wal->Length + amount > BufferSize))
        {
            var rc = Flush(wal);
            if (rc != SqliteOk)
            {
                return rc;
            }
        }
        if (amount > BufferSize)
        {
            wal->CommitFrameStarted = false;
            var inner = Inner(wal);
            return inner->pMethods->xWrite(inner, data, amount, offset);
        }
        if (wal->Buffer == null)
        {
            try
            {
                wal->Buffer = (byte*)NativeMemory.Alloc(BufferSize);
            }
            catch (OutOfMemoryException)
            {
                return SqliteNoMem;
            }
        }
        if (wal->Length == 0)
        {
            wal->Offset = offset;
        }
        Unsafe.CopyBlockUnaligned(wal->Buffer + wal->Length, data, (uint)amount);
        wal->Length += amount;
        if (wal->CommitFrameStarted)
        {
            // The page of a commit's last frame: the commit is whole, and may be published once this returns.
            wal->CommitFrameStarted = false;
            return Flush(wal);
        }
        // A frame header whose "database size after commit" field is set starts a commit's last frame.
        wal->CommitFrameStarted = amount == FrameHeaderSize && *(uint*)((byte*)data + 4) != 0;
        return SqliteOk;
    }

    /// <summary>Writes what has been gathered, for an operation that needs it in the file; gives the default VFS's file.</summary>
    private static int FlushFirst(SqliteFile* file, out SqliteFile* inner)
    {
        var wal = (WalFile*)file;
        inner = Inner(wal);
        return Flush(wal);
    }

    [UnmanagedCallersOnly]
    private static int Close(SqliteFile* file)
    {
        var wal = (WalFile*)file;
        var flushed = Flush(wal);
        NativeMemory.Free(wal->Buffer);
        wal->Buffer = null;
        var inner = Inner(wal);
        var rc = inner->pMethods->xClose(inner);
        return flushed != SqliteOk ? flushed : rc;
    }

    [UnmanagedCallersOnly]
    private static int Read(SqliteFile* file, void* data, int amount, long offset) =>
        FlushFirst(file, out var inner) is var rc and not SqliteOk ? rc : inner->pMethods->xRead(inner, data, amount, offset);

    [UnmanagedCallersOnly]
    private static int Truncate(SqliteFile* file, long size) =>
        FlushFirst(file, out var inner) is var rc and not SqliteOk ? rc : inner->pMethods->xTruncate(inner, size);

    [UnmanagedCallersOnly]
    private static int Sync(SqliteFile* file, int flags) =>
        FlushFirst(file, out var inner) is var rc and not SqliteOk ? rc : inner->pMethods->xSync(inner, flags);

    [UnmanagedCallersOnly]
    private static int FileSize(SqliteFile* file, long* size) =>
        FlushFirst(file, out var inner) is var rc and not SqliteOk ? rc : inner->pMethods->xFileSize(inner, size);

    [UnmanagedCallersOnly]
    private static int FileControl(SqliteFile* file, int op, void* arg) =>
        FlushFirst(file, out var inner) is var rc and not SqliteOk ? rc : inner->pMethods->xFileControl(inner, op, arg);

    [UnmanagedCallersOnly]
    private static int LockFile(SqliteFile* file, int level)
    {
        var inner = Inner((WalFile*)file);
        return inner->pMethods->xLock(inner, level);
    }

    [UnmanagedCallersOnly]
    private static int UnlockFile(SqliteFile* file, int level)
    {
        var inner = Inner((WalFile*)file);
        return inner->pMethods->xUnlock(inner, level);
    }

    [UnmanagedCallersOnly]
    private static int CheckReservedLock(SqliteFile* file, int* result)
    {
        var inner = Inner((WalFile*)file);
        return inner->pMethods->xCheckReservedLock(inner, result);
    }

    [UnmanagedCallersOnly]
    private static int SectorSize(SqliteFile* file)
    {
        var inner = Inner((WalFile*)file);
        return inner->pMethods->xSectorSize(inner);
    }

    [UnmanagedCallersOnly]
    private static int DeviceCharacteristics(SqliteFile* file)
    {
        var inner = Inner((WalFile*)file);
        return inner->pMethods->xDeviceCharacteristics(inner);
    }

    /// <summary><c>sqlite3_file</c>: every open file starts with its methods.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct SqliteFile
    {
        public IoMethods* pMethods;
    }

    /// <summary>A WAL file: the gathered writes, followed in memory by the default VFS's file.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct WalFile
    {
        public SqliteFile Base;
        public byte* Buffer;
        public long Offset;
        public int Length;
        public bool CommitFrameStarted;
    }

    /// <summary><c>sqlite3_io_methods</c>, version 3.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct IoMethods
    {
        public int iVersion;
        public delegate* unmanaged<SqliteFile*, int> xClose;
        public delegate* unmanaged<SqliteFile*, void*, int, long, int> xRead;
        public delegate* unmanaged<SqliteFile*, void*, int, long, int> xWrite;
        public delegate* unmanaged<SqliteFile*, long, int> xTruncate;
        public delegate* unmanaged<SqliteFile*, int, int> xSync;
        public delegate* unmanaged<SqliteFile*, long*, int> xFileSize;
        public delegate* unmanaged<SqliteFile*, int, int> xLock;
        public delegate* unmanaged<SqliteFile*, int, int> xUnlock;
        public delegate* unmanaged<SqliteFile*, int*, int> xCheckReservedLock;
        public delegate* unmanaged<SqliteFile*, int, void*, int> xFileControl;
        public delegate* unmanaged<SqliteFile*, int> xSectorSize;
        public delegate* unmanaged<SqliteFile*, int> xDeviceCharacteristics;
        public void* xShmMap;
        public void* xShmLock;
        public void* xShmBarrier;
        public void* xShmUnmap;
        public void* xFetch;
        public void* xUnfetch;
    }

    /// <summary><c>sqlite3_vfs</c>, version 3; only the fields used here are typed.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Vfs
    {
        public int iVersion;
        public int szOsFile;
        public int mxPathname;
        public Vfs* pNext;
        public byte* zName;
        public void* pAppData;
        public delegate* unmanaged<Vfs*, byte*, SqliteFile*, int, int*, int> xOpen;
        public void* xDelete;
        public void* xAccess;
        public void* xFullPathname;
        public void* xDlOpen;
        public void* xDlError;
        public void* xDlSym;
        public void* xDlClose;
        public void* xRandomness;
        public void* xSleep;
        public void* xCurrentTime;
        public void* xGetLastError;
        public void* xCurrentTimeInt64;
        public void* xSetSystemCall;
        public void* xGetSystemCall;
        public void* xNextSystemCall;
    }

    private static partial class Native
    {
        [LibraryImport("e_sqlite3")]
        public static partial Vfs* sqlite3_vfs_find(byte* name);

        [LibraryImport("e_sqlite3")]
        public static partial int sqlite3_vfs_register(Vfs* vfs, int makeDefault);
    }
}
