#include <stdint.h>
#include <stddef.h>
#include <stdarg.h>
#include <sys/socket.h>
#include <sys/select.h>
#include <netinet/in.h>
#include <microhttpd.h>

/* MHD_start_daemon is variadic, which Swift cannot call; this passes the options as one
   MHD_OPTION_ARRAY instead (terminated by MHD_OPTION_END), which is the same call. */
static inline struct MHD_Daemon *registry_mhd_start(unsigned int flags, uint16_t port,
                                                    MHD_AccessHandlerCallback handler, void *handler_cls,
                                                    struct MHD_OptionItem *options) {
    return MHD_start_daemon(flags, port, NULL, NULL, handler, handler_cls,
                            MHD_OPTION_ARRAY, options, MHD_OPTION_END);
}

/* MHD_get_daemon_info is variadic too: the port the daemon bound (for port 0), or 0. */
static inline uint16_t registry_mhd_bound_port(struct MHD_Daemon *daemon) {
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info ? info->port : 0;
}
