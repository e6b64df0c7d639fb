#include <sqlite3.h>
#include <stdlib.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

/// sqlite3_config is variadic, which Swift cannot call: this turns off SQLite's memory statistics,
/// which take a global mutex on every allocation. It must run before the library initialises;
/// it returns SQLITE_MISUSE (and changes nothing) afterwards.
static inline int registry_sqlite3_disable_memstatus(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/// sqlite3_db_config is variadic too: this makes closing `db` leave its WAL as it is, where closing
/// the last connection would otherwise checkpoint it into the database file (four syncs) and
/// delete it. The next writer's automatic checkpoint, or the next open's recovery, picks it up.
static inline int registry_sqlite3_no_checkpoint_on_close(sqlite3 *db) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)0);
}

/// Hands the memory that malloc holds free back to the system, in every thread's arena (glibc's
/// malloc_trim); elsewhere it does nothing. Memory freed by one thread stays in the arena of the
/// thread that allocated it, where the freeing thread's own allocations (SQLite's page cache) cannot
/// reuse it: without this the process keeps both.
static inline void registry_release_free_memory(void) {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}
