using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Parley.Storage.Sqlite;

/// <summary>
/// A VFS over SQLite's default one that writes runs of adjacent pages with one system call; on the virtual machines
/// Parley was measured on a system call is expensive, and these writes were the largest share of the single writer's
/// time per message after the fsync.
/// <list type="bullet">
/// <item>WAL files: SQLite writes each frame as two writes (its header, then the page), so a commit of 25 pages cost 50
/// <c>pwrite</c> calls, 40% of SQLite's CPU time per message. A commit's frames are gathered and written out when its
/// last frame is complete. Other connections read frames only once a commit has published them in the wal-index,
/// after its last frame, so they never miss a gathered write; a process that dies loses only frames of a commit not
/// yet written, which recovery ignores as it would a commit cut short.</item>
/// <item>Database files: a checkpoint copies pages from the WAL into the database one page per write, in page order,
/// ~10 calls per commit. Between the checkpoint's start and end (which SQLite signals to the file), adjacent pages
/// are gathered, and written before the checkpoint syncs the file and before any lock or wal-index lock changes:
/// other connections learn that a checkpoint copied pages only from the wal-index, after it syncs and under its
/// locks, so they never read a page before it is in the file. Other writes to a database file go straight through.</item>
/// </list>
/// Gathered writes also go to the file before anything that needs them there (a sync, a read, a size query, a
/// truncation, a file control, closing). Every other file (journals, temporary files) keeps the default VFS's methods.
/// </summary>
internal static unsafe partial class WriteCoalescing
{
    private const int SqliteOk = 0;
    private const int SqliteNoMem = 7;
    private const int OpenMainDb = 0x00000100; // SQLITE_OPEN_MAIN_DB
    private const int OpenWal = 0x00080000; // SQLITE_OPEN_WAL
    // The unix VFS writes at most 128 KiB - 1 bytes in one call (its seekAndWriteFd masks the length to 17 bits); a
    // commit of 25 frames of 4 KiB pages is ~100 KiB.
    private const int BufferSize = 0x1ffff;
    private const int FrameHeaderSize = 24;
    private const int FileControlCheckpointDone = 37; // SQLITE_FCNTL_CKPT_DONE
    private const int FileControlCheckpointStart = 39; // SQLITE_FCNTL_CKPT_START

    private static Vfs* _default;
    private static IoMethods* _walMethods;
    private static IoMethods* _databaseMethods;

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
        vfs->zName = (byte*)Marshal.StringToCoTaskMemUTF8("parley-write-coalescing");
        vfs->szOsFile = sizeof(GatheredFile) + _default->szOsFile;
        vfs->xOpen = &Open;
        _walMethods = (IoMethods*)NativeMemory.AllocZeroed((nuint)sizeof(IoMethods));
        // Version 1: a WAL file is never memory-mapped and has no wal-index of its own.
        *_walMethods = FileMethods(version: 1);
        _databaseMethods = (IoMethods*)NativeMemory.AllocZeroed((nuint)sizeof(IoMethods));
        *_databaseMethods = FileMethods(version: 3);
        var rc = Native.sqlite3_vfs_register(vfs, makeDefault: 1);
        if (rc != SqliteOk)
        {
            throw new InvalidOperationException($"Registering the SQLite VFS failed ({rc}).");
        }
    }

    /// <summary>The methods of a file whose writes are gathered; versions 2 and 3 add the wal-index and memory maps.</summary>
    private static IoMethods FileMethods(int version) => new()
    {
        iVersion = version,
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
        xShmMap = version >= 2 ? &ShmMap : null,
        xShmLock = version >= 2 ? &ShmLock : null,
        xShmBarrier = version >= 2 ? &ShmBarrier : null,
        xShmUnmap = version >= 2 ? &ShmUnmap : null,
        xFetch = version >= 3 ? &Fetch : null,
        xUnfetch = version >= 3 ? &Unfetch : null,
    };

    [UnmanagedCallersOnly]
    private static int Open(Vfs* vfs, byte* name, SqliteFile* file, int flags, int* outFlags)
    {
        var isWal = (flags & OpenWal) != 0;
        if (!isWal && (flags & OpenMainDb) == 0)
        {
            // The default VFS's file, with its own methods, in the (larger) space SQLite allocated for ours.
            return _default->xOpen(_default, name, file, flags, outFlags);
        }
        var gathered = (GatheredFile*)file;
        *gathered = default;
        var inner = Inner(gathered);
        var rc = _default->xOpen(_default, name, inner, flags, outFlags);
        if (rc != SqliteOk)
        {
            if (inner->pMethods != null)
            {
                inner->pMethods->xClose(inner);
            }
            return rc;
        }
        if (!isWal && inner->pMethods->iVersion < 3)
        {
            // A database file without the wal-index and memory-map methods that ours pass on keeps its own (the
            // unix VFS's files all have them).
            inner->pMethods->xClose(inner);
            return _default->xOpen(_default, name, file, flags, outFlags);
        }
        gathered->IsWal = isWal;
        gathered->Base.pMethods = isWal ? _walMethods : _databaseMethods;
        return SqliteOk;
    }

    private static SqliteFile* Inner(GatheredFile* file) => (SqliteFile*)((byte*)file + sizeof(GatheredFile));

    private static SqliteFile* Inner(SqliteFile* file) => Inner((GatheredFile*)file);

    /// <summary>Writes what has been gathered, in one call.</summary>
    private static int Flush(GatheredFile* file)
    {
        if (file->Length == 0)
        {
            return SqliteOk;
        }
        var inner = Inner(file);
        var rc = inner->pMethods->xWrite(inner, file->Buffer, file->Length, file->Offset);
        file->Length = 0;
        return rc;
    }

    [UnmanagedCallersOnly]
    private static int Write(SqliteFile* file, void* data, int amount, long offset)
    {
        var gathered = (GatheredFile*)file;
        if (!gathered->IsWal && !gathered->InCheckpoint)
        {
            return FlushFirst(file, out var direct) is var flushed and not SqliteOk ? flushed : direct->pMethods->xWrite(direct, data, amount, offset);
        }
        if (gathered->Length > 0 && (offset != gathered->Offset + gathered->Length || gathered->Length + amount > BufferSize))
        {
            var rc = Flush(gathered);
            if (rc != SqliteOk)
            {
                return rc;
            }
        }
        if (amount > BufferSize)
        {
            gathered->CommitFrameStarted = false;
            var inner = Inner(gathered);
            return inner->pMethods->xWrite(inner, data, amount, offset);
        }
        if (gathered->Buffer == null)
        {
            try
            {
                gathered->Buffer = (byte*)NativeMemory.Alloc(BufferSize);
            }
            catch (OutOfMemoryException)
            {
                return SqliteNoMem;
            }
        }
        if (gathered->Length == 0)
        {
            gathered->Offset = offset;
        }
        Unsafe.CopyBlockUnaligned(gathered->Buffer + gathered->Length, data, (uint)amount);
        gathered->Length += amount;
        if (!gathered->IsWal)
        {
            return SqliteOk;
        }
        if (gathered->CommitFrameStarted)
        {
            // The page of a commit's last frame: the commit is whole, and may be published once this returns.
            gathered->CommitFrameStarted = false;
            return Flush(gathered);
        }
        // A frame header whose "database size after commit" field is set starts a commit's last frame.
        gathered->CommitFrameStarted = amount == FrameHeaderSize && *(uint*)((byte*)data + 4) != 0;
        return SqliteOk;
    }

    /// <summary>Writes what has been gathered, for an operation that needs it in the file; gives the default VFS's file.</summary>
    private static int FlushFirst(SqliteFile* file, out SqliteFile* inner)
    {
        inner = Inner(file);
        return Flush((GatheredFile*)file);
    }

    [UnmanagedCallersOnly]
    private static int Close(SqliteFile* file)
    {
        var gathered = (GatheredFile*)file;
        var flushed = Flush(gathered);
        NativeMemory.Free(gathered->Buffer);
        gathered->Buffer = null;
        var inner = Inner(gathered);
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

    /// <summary>A checkpoint tells the database file when it starts and ends copying pages; only its writes are gathered.</summary>
    [UnmanagedCallersOnly]
    private static int FileControl(SqliteFile* file, int op, void* arg)
    {
        var rc = FlushFirst(file, out var inner);
        if (rc != SqliteOk)
        {
            return rc;
        }
        if (op is FileControlCheckpointStart or FileControlCheckpointDone)
        {
            ((GatheredFile*)file)->InCheckpoint = op == FileControlCheckpointStart;
        }
        return inner->pMethods->xFileControl(inner, op, arg);
    }

    // Lock changes of a database file and of its wal-index tell other connections what they may read: gathered
    // writes go to the file first.

    [UnmanagedCallersOnly]
    private static int LockFile(SqliteFile* file, int level) =>
        FlushFirst(file, out var inner) is var rc and not SqliteOk ? rc : inner->pMethods->xLock(inner, level);

    [UnmanagedCallersOnly]
    private static int UnlockFile(SqliteFile* file, int level) =>
        FlushFirst(file, out var inner) is var rc and not SqliteOk ? rc : inner->pMethods->xUnlock(inner, level);

    [UnmanagedCallersOnly]
    private static int CheckReservedLock(SqliteFile* file, int* result) =>
        FlushFirst(file, out var inner) is var rc and not SqliteOk ? rc : inner->pMethods->xCheckReservedLock(inner, result);

    [UnmanagedCallersOnly]
    private static int ShmLock(SqliteFile* file, int offset, int count, int flags) =>
        FlushFirst(file, out var inner) is var rc and not SqliteOk ? rc : inner->pMethods->xShmLock(inner, offset, count, flags);

    [UnmanagedCallersOnly]
    private static int Fetch(SqliteFile* file, long offset, int amount, void** page) =>
        FlushFirst(file, out var inner) is var rc and not SqliteOk ? rc : inner->pMethods->xFetch(inner, offset, amount, page);

    [UnmanagedCallersOnly]
    private static int Unfetch(SqliteFile* file, long offset, void* page) =>
        Inner(file)->pMethods->xUnfetch(Inner(file), offset, page);

    [UnmanagedCallersOnly]
    private static int ShmMap(SqliteFile* file, int region, int size, int extend, void** memory) =>
        Inner(file)->pMethods->xShmMap(Inner(file), region, size, extend, memory);

    [UnmanagedCallersOnly]
    private static void ShmBarrier(SqliteFile* file) => Inner(file)->pMethods->xShmBarrier(Inner(file));

    [UnmanagedCallersOnly]
    private static int ShmUnmap(SqliteFile* file, int delete) => Inner(file)->pMethods->xShmUnmap(Inner(file), delete);

    [UnmanagedCallersOnly]
    private static int SectorSize(SqliteFile* file) => Inner(file)->pMethods->xSectorSize(Inner(file));

    [UnmanagedCallersOnly]
    private static int DeviceCharacteristics(SqliteFile* file) => Inner(file)->pMethods->xDeviceCharacteristics(Inner(file));

    /// <summary><c>sqlite3_file</c>: every open file starts with its methods.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct SqliteFile
    {
        public IoMethods* pMethods;
    }

    /// <summary>A WAL or database file: the gathered writes, followed in memory by the default VFS's file.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct GatheredFile
    {
        public SqliteFile Base;
        public byte* Buffer;
        public long Offset;
        public int Length;
        public bool IsWal;
        public bool CommitFrameStarted;
        public bool InCheckpoint;
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
        public delegate* unmanaged<SqliteFile*, int, int, int, void**, int> xShmMap;
        public delegate* unmanaged<SqliteFile*, int, int, int, int> xShmLock;
        public delegate* unmanaged<SqliteFile*, void> xShmBarrier;
        public delegate* unmanaged<SqliteFile*, int, int> xShmUnmap;
        public delegate* unmanaged<SqliteFile*, long, int, void**, int> xFetch;
        public delegate* unmanaged<SqliteFile*, long, void*, int> xUnfetch;
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
