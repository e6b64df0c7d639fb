#include <stdint.h>
#include <stddef.h>
#include <stdarg.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/select.h>
#include <netinet/in.h>

/* libmicrohttpd is loaded when a server first starts, not when the program starts: linked the
 * ordinary way, it and GnuTLS's chain of libraries are loaded and relocated by every `registry`
 * command (BENCHMARKS.md, "One command end to end"; CPostgreSQL's shim does the same for libpq).
 * Each function below has libmicrohttpd's name and signature and calls the library's own, found
 * with dlsym on first use; the header's declarations are renamed out of the way. A function the
 * header declares but this list lacks fails at link time: add it with REGISTRY_MHD below. */
#define MHD_add_response_header registry_mhd_declared_MHD_add_response_header
#define MHD_create_response_from_buffer registry_mhd_declared_MHD_create_response_from_buffer
#define MHD_destroy_response registry_mhd_declared_MHD_destroy_response
#define MHD_get_connection_values registry_mhd_declared_MHD_get_connection_values
#define MHD_get_daemon_info registry_mhd_declared_MHD_get_daemon_info
#define MHD_lookup_connection_value registry_mhd_declared_MHD_lookup_connection_value
#define MHD_queue_response registry_mhd_declared_MHD_queue_response
#define MHD_quiesce_daemon registry_mhd_declared_MHD_quiesce_daemon
#define MHD_start_daemon registry_mhd_declared_MHD_start_daemon
#define MHD_stop_daemon registry_mhd_declared_MHD_stop_daemon
#include <microhttpd.h>
#undef MHD_add_response_header
#undef MHD_create_response_from_buffer
#undef MHD_destroy_response
#undef MHD_get_connection_values
#undef MHD_get_daemon_info
#undef MHD_lookup_connection_value
#undef MHD_queue_response
#undef MHD_quiesce_daemon
#undef MHD_start_daemon
#undef MHD_stop_daemon

/* libmicrohttpd's function `name`, loading the library on first use; without it no server can
 * start: the program says so and exits 3 (the server cannot be made available). */
static inline void *registry_mhd_symbol(const char *name) {
    static void *library;
    void *handle = __atomic_load_n(&library, __ATOMIC_ACQUIRE);
    if (!handle) {
        handle = dlopen("libmicrohttpd.so.12", RTLD_NOW | RTLD_LOCAL);
        if (!handle) {
            fprintf(stderr, "error: the HTTP server library cannot be loaded (%s); install libmicrohttpd12.\n", dlerror());
            exit(3);
        }
        __atomic_store_n(&library, handle, __ATOMIC_RELEASE);
    }
    void *symbol = dlsym(handle, name);
    if (!symbol) {
        fprintf(stderr, "error: the HTTP server library has no %s; install libmicrohttpd12.\n", name);
        exit(3);
    }
    return symbol;
}

#define REGISTRY_MHD(ret, name, params, args) \
    static inline ret name params { \
        static ret (*function) params; \
        ret (*f) params = __atomic_load_n(&function, __ATOMIC_ACQUIRE); \
        if (!f) { f = (ret (*) params)registry_mhd_symbol(#name); __atomic_store_n(&function, f, __ATOMIC_RELEASE); } \
        return f args; \
    }
#define REGISTRY_MHD_VOID(name, params, args) \
    static inline void name params { \
        static void (*function) params; \
        void (*f) params = __atomic_load_n(&function, __ATOMIC_ACQUIRE); \
        if (!f) { f = (void (*) params)registry_mhd_symbol(#name); __atomic_store_n(&function, f, __ATOMIC_RELEASE); } \
        f args; \
    }

REGISTRY_MHD(enum MHD_Result, MHD_add_response_header, (struct MHD_Response *response, const char *header, const char *content),
             (response, header, content))
REGISTRY_MHD(struct MHD_Response *, MHD_create_response_from_buffer, (size_t size, void *buffer, enum MHD_ResponseMemoryMode mode),
             (size, buffer, mode))
REGISTRY_MHD_VOID(MHD_destroy_response, (struct MHD_Response *response), (response))
REGISTRY_MHD(int, MHD_get_connection_values, (struct MHD_Connection *connection, enum MHD_ValueKind kind,
                                              MHD_KeyValueIterator iterator, void *iterator_cls),
             (connection, kind, iterator, iterator_cls))
REGISTRY_MHD(const char *, MHD_lookup_connection_value, (struct MHD_Connection *connection, enum MHD_ValueKind kind, const char *key),
             (connection, kind, key))
REGISTRY_MHD(enum MHD_Result, MHD_queue_response, (struct MHD_Connection *connection, unsigned int status_code,
                                                   struct MHD_Response *response),
             (connection, status_code, response))
REGISTRY_MHD(MHD_socket, MHD_quiesce_daemon, (struct MHD_Daemon *daemon), (daemon))
REGISTRY_MHD_VOID(MHD_stop_daemon, (struct MHD_Daemon *daemon), (daemon))

/* MHD_start_daemon is variadic, which Swift cannot call; this passes the options as one
   MHD_OPTION_ARRAY instead (terminated by MHD_OPTION_END), which is the same call. */
static inline struct MHD_Daemon *registry_mhd_start(unsigned int flags, uint16_t port,
                                                    MHD_AccessHandlerCallback handler, void *handler_cls,
                                                    struct MHD_OptionItem *options) {
    struct MHD_Daemon *(*start)(unsigned int, uint16_t, MHD_AcceptPolicyCallback, void *, MHD_AccessHandlerCallback, void *, ...) =
        (struct MHD_Daemon *(*)(unsigned int, uint16_t, MHD_AcceptPolicyCallback, void *, MHD_AccessHandlerCallback, void *, ...))
            registry_mhd_symbol("MHD_start_daemon");
    return start(flags, port, NULL, NULL, handler, handler_cls, MHD_OPTION_ARRAY, options, MHD_OPTION_END);
}

/* MHD_get_daemon_info is variadic too: the port the daemon bound (for port 0), or 0. */
static inline uint16_t registry_mhd_bound_port(struct MHD_Daemon *daemon) {
    const union MHD_DaemonInfo *(*info_of)(struct MHD_Daemon *, enum MHD_DaemonInfoType, ...) =
        (const union MHD_DaemonInfo *(*)(struct MHD_Daemon *, enum MHD_DaemonInfoType, ...))registry_mhd_symbol("MHD_get_daemon_info");
    const union MHD_DaemonInfo *info = info_of(daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info ? info->port : 0;
}
