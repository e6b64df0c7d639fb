#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

/* libpq is loaded when a PostgreSQL store is first used, not when the program starts.
 *
 * Linked the ordinary way, libpq.so.5 and the libraries it needs (libssl, Kerberos, LDAP, SASL,
 * GnuTLS, ...: about twenty) are loaded and relocated at every start of `registry`, and most of them
 * bind all their symbols at once: measured, that was about half the instructions of `registry
 * --version` and 4 MB of every command's memory, on the file log that never calls libpq (BENCHMARKS.md,
 * "One command end to end"). So the module links nothing: each function below has libpq's name and
 * signature and calls the library's own, looked up with dlsym on its first call. The declarations
 * from libpq-fe.h are renamed out of the way; its types and constants are used as they are.
 *
 * A function libpq-fe.h declares but this list lacks fails at link time (undefined reference):
 * add it with REGISTRY_LIBPQ below. */
#define PQbackendPID registry_libpq_declared_PQbackendPID
#define PQclear registry_libpq_declared_PQclear
#define PQconnectdb registry_libpq_declared_PQconnectdb
#define PQconsumeInput registry_libpq_declared_PQconsumeInput
#define PQenterPipelineMode registry_libpq_declared_PQenterPipelineMode
#define PQerrorMessage registry_libpq_declared_PQerrorMessage
#define PQexec registry_libpq_declared_PQexec
#define PQexecParams registry_libpq_declared_PQexecParams
#define PQexecPrepared registry_libpq_declared_PQexecPrepared
#define PQexitPipelineMode registry_libpq_declared_PQexitPipelineMode
#define PQfinish registry_libpq_declared_PQfinish
#define PQflush registry_libpq_declared_PQflush
#define PQgetResult registry_libpq_declared_PQgetResult
#define PQgetisnull registry_libpq_declared_PQgetisnull
#define PQgetlength registry_libpq_declared_PQgetlength
#define PQgetvalue registry_libpq_declared_PQgetvalue
#define PQisBusy registry_libpq_declared_PQisBusy
#define PQnfields registry_libpq_declared_PQnfields
#define PQntuples registry_libpq_declared_PQntuples
#define PQpipelineStatus registry_libpq_declared_PQpipelineStatus
#define PQpipelineSync registry_libpq_declared_PQpipelineSync
#define PQprepare registry_libpq_declared_PQprepare
#define PQresultErrorField registry_libpq_declared_PQresultErrorField
#define PQresultErrorMessage registry_libpq_declared_PQresultErrorMessage
#define PQresultStatus registry_libpq_declared_PQresultStatus
#define PQsendFlushRequest registry_libpq_declared_PQsendFlushRequest
#define PQsendQueryParams registry_libpq_declared_PQsendQueryParams
#define PQsendQueryPrepared registry_libpq_declared_PQsendQueryPrepared
#define PQsetNoticeProcessor registry_libpq_declared_PQsetNoticeProcessor
#define PQsetnonblocking registry_libpq_declared_PQsetnonblocking
#define PQsocket registry_libpq_declared_PQsocket
#define PQstatus registry_libpq_declared_PQstatus
#define PQtransactionStatus registry_libpq_declared_PQtransactionStatus
#include <postgresql/libpq-fe.h>
#undef PQbackendPID
#undef PQclear
#undef PQconnectdb
#undef PQconsumeInput
#undef PQenterPipelineMode
#undef PQerrorMessage
#undef PQexec
#undef PQexecParams
#undef PQexecPrepared
#undef PQexitPipelineMode
#undef PQfinish
#undef PQflush
#undef PQgetResult
#undef PQgetisnull
#undef PQgetlength
#undef PQgetvalue
#undef PQisBusy
#undef PQnfields
#undef PQntuples
#undef PQpipelineStatus
#undef PQpipelineSync
#undef PQprepare
#undef PQresultErrorField
#undef PQresultErrorMessage
#undef PQresultStatus
#undef PQsendFlushRequest
#undef PQsendQueryParams
#undef PQsendQueryPrepared
#undef PQsetNoticeProcessor
#undef PQsetnonblocking
#undef PQsocket
#undef PQstatus
#undef PQtransactionStatus

/* libpq's function `name`, loading the library on first use. Without libpq the program cannot use a
 * PostgreSQL store at all: it says so and exits 3, as for a store that cannot be reached. */
static inline void *registry_libpq_symbol(const char *name) {
    static void *library;
    void *handle = __atomic_load_n(&library, __ATOMIC_ACQUIRE);
    if (!handle) {
        handle = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
        if (!handle) {
            fprintf(stderr, "error: the PostgreSQL client library cannot be loaded (%s); install libpq5.\n", dlerror());
            exit(3);
        }
        __atomic_store_n(&library, handle, __ATOMIC_RELEASE);
    }
    void *symbol = dlsym(handle, name);
    if (!symbol) {
        fprintf(stderr, "error: the PostgreSQL client library has no %s; install libpq5 14 or later.\n", name);
        exit(3);
    }
    return symbol;
}

#define REGISTRY_LIBPQ(ret, name, params, args) \
    static inline ret name params { \
        static ret (*function) params; \
        ret (*f) params = __atomic_load_n(&function, __ATOMIC_ACQUIRE); \
        if (!f) { f = (ret (*) params)registry_libpq_symbol(#name); __atomic_store_n(&function, f, __ATOMIC_RELEASE); } \
        return f args; \
    }
#define REGISTRY_LIBPQ_VOID(name, params, args) \
    static inline void name params { \
        static void (*function) params; \
        void (*f) params = __atomic_load_n(&function, __ATOMIC_ACQUIRE); \
        if (!f) { f = (void (*) params)registry_libpq_symbol(#name); __atomic_store_n(&function, f, __ATOMIC_RELEASE); } \
        f args; \
    }

REGISTRY_LIBPQ(int, PQbackendPID, (const PGconn *conn), (conn))
REGISTRY_LIBPQ_VOID(PQclear, (PGresult *res), (res))
REGISTRY_LIBPQ(PGconn *, PQconnectdb, (const char *conninfo), (conninfo))
REGISTRY_LIBPQ(int, PQconsumeInput, (PGconn *conn), (conn))
REGISTRY_LIBPQ(int, PQenterPipelineMode, (PGconn *conn), (conn))
REGISTRY_LIBPQ(char *, PQerrorMessage, (const PGconn *conn), (conn))
REGISTRY_LIBPQ(PGresult *, PQexec, (PGconn *conn, const char *query), (conn, query))
REGISTRY_LIBPQ(PGresult *, PQexecParams, (PGconn *conn, const char *command, int nParams, const Oid *paramTypes,
                                          const char *const *paramValues, const int *paramLengths, const int *paramFormats,
                                          int resultFormat),
               (conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat))
REGISTRY_LIBPQ(PGresult *, PQexecPrepared, (PGconn *conn, const char *stmtName, int nParams, const char *const *paramValues,
                                            const int *paramLengths, const int *paramFormats, int resultFormat),
               (conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat))
REGISTRY_LIBPQ(int, PQexitPipelineMode, (PGconn *conn), (conn))
REGISTRY_LIBPQ_VOID(PQfinish, (PGconn *conn), (conn))
REGISTRY_LIBPQ(int, PQflush, (PGconn *conn), (conn))
REGISTRY_LIBPQ(PGresult *, PQgetResult, (PGconn *conn), (conn))
REGISTRY_LIBPQ(int, PQgetisnull, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num))
REGISTRY_LIBPQ(int, PQgetlength, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num))
REGISTRY_LIBPQ(char *, PQgetvalue, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num))
REGISTRY_LIBPQ(int, PQisBusy, (PGconn *conn), (conn))
REGISTRY_LIBPQ(int, PQnfields, (const PGresult *res), (res))
REGISTRY_LIBPQ(int, PQntuples, (const PGresult *res), (res))
REGISTRY_LIBPQ(PGpipelineStatus, PQpipelineStatus, (const PGconn *conn), (conn))
REGISTRY_LIBPQ(int, PQpipelineSync, (PGconn *conn), (conn))
REGISTRY_LIBPQ(PGresult *, PQprepare, (PGconn *conn, const char *stmtName, const char *query, int nParams, const Oid *paramTypes),
               (conn, stmtName, query, nParams, paramTypes))
REGISTRY_LIBPQ(char *, PQresultErrorField, (const PGresult *res, int fieldcode), (res, fieldcode))
REGISTRY_LIBPQ(char *, PQresultErrorMessage, (const PGresult *res), (res))
REGISTRY_LIBPQ(ExecStatusType, PQresultStatus, (const PGresult *res), (res))
REGISTRY_LIBPQ(int, PQsendFlushRequest, (PGconn *conn), (conn))
REGISTRY_LIBPQ(int, PQsendQueryParams, (PGconn *conn, const char *command, int nParams, const Oid *paramTypes,
                                        const char *const *paramValues, const int *paramLengths, const int *paramFormats,
                                        int resultFormat),
               (conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat))
REGISTRY_LIBPQ(int, PQsendQueryPrepared, (PGconn *conn, const char *stmtName, int nParams, const char *const *paramValues,
                                          const int *paramLengths, const int *paramFormats, int resultFormat),
               (conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat))
REGISTRY_LIBPQ(PQnoticeProcessor, PQsetNoticeProcessor, (PGconn *conn, PQnoticeProcessor proc, void *arg), (conn, proc, arg))
REGISTRY_LIBPQ(int, PQsetnonblocking, (PGconn *conn, int arg), (conn, arg))
REGISTRY_LIBPQ(int, PQsocket, (const PGconn *conn), (conn))
REGISTRY_LIBPQ(ConnStatusType, PQstatus, (const PGconn *conn), (conn))
REGISTRY_LIBPQ(PGTransactionStatusType, PQtransactionStatus, (const PGconn *conn), (conn))
