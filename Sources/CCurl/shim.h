#include <curl/curl.h>

/* curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call: registry-bench's
   server clients use these few fixed calls instead. */

/* Throws a response body away (the bench needs only the status). */
static inline size_t registry_curl_discard(char *data, size_t size, size_t count, void *context) {
    (void)data; (void)context;
    return size * count;
}

/* One client's handle: kept across requests, so that its connection is kept alive. */
static inline CURL *registry_curl_client(long timeout_seconds) {
    CURL *handle = curl_easy_init();
    if (!handle) return NULL;
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, registry_curl_discard);
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(handle, CURLOPT_TIMEOUT, timeout_seconds);
    return handle;
}

/* POSTs `body` to `url` with `headers`; the response's status, or -1 when no response came. */
static inline long registry_curl_post(CURL *handle, const char *url, const char *body, struct curl_slist *headers) {
    curl_easy_setopt(handle, CURLOPT_URL, url);
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(handle, CURLOPT_POSTFIELDS, body);
    if (curl_easy_perform(handle) != CURLE_OK) return -1;
    long status = 0;
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
    return status;
}
