#include <sqlite3.h>

/// sqlite3_config is variadic, which Swift cannot call: this turns off SQLite's memory statistics,
/// which take a global mutex on every allocation. It must run before the library initialises;
/// it returns SQLITE_MISUSE (and changes nothing) afterwards.
static inline int registry_sqlite3_disable_memstatus(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
