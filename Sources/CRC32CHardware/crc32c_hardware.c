// The CPU's CRC-32C instruction, which Swift cannot emit itself. A checksum for record framing,
// not cryptography; `CRC32C` in EventStore keeps a portable table version and checks both agree.
#include "crc32c_hardware.h"
#include <string.h>

#if defined(__x86_64__)
#include <nmmintrin.h>

// Asked of glibc, which read the CPU's features when the process started. GCC's
// `__builtin_cpu_supports` would link libgcc's `__cpu_indicator_init`, a constructor that runs a
// dozen `cpuid` instructions at every start of every executable, whether a checksum is taken or not;
// in a virtual machine each one traps to the hypervisor (about 3.6 µs here; BENCHMARKS.md).
#if __has_include(<sys/platform/x86.h>)
#include <sys/platform/x86.h>
int registry_crc32c_hardware_available(void) { return CPU_FEATURE_ACTIVE(SSE4_2) ? 1 : 0; }
#else
#include <cpuid.h>
int registry_crc32c_hardware_available(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    return (ecx & bit_SSE4_2) != 0;
}
#endif

__attribute__((target("sse4.2")))
uint32_t registry_crc32c_hardware(uint32_t crc, const void *bytes, size_t count) {
    const unsigned char *p = bytes;
    uint64_t c = crc;
    while (count >= 8) {
        uint64_t word;
        memcpy(&word, p, 8);
        c = _mm_crc32_u64(c, word);
        p += 8;
        count -= 8;
    }
    uint32_t c32 = (uint32_t)c;
    while (count > 0) {
        c32 = _mm_crc32_u8(c32, *p);
        p++;
        count--;
    }
    return c32;
}

#elif defined(__aarch64__) && defined(__linux__)
#include <sys/auxv.h>
#include <asm/hwcap.h>

int registry_crc32c_hardware_available(void) { return (getauxval(AT_HWCAP) & HWCAP_CRC32) != 0; }

__attribute__((target("crc")))
uint32_t registry_crc32c_hardware(uint32_t crc, const void *bytes, size_t count) {
    const unsigned char *p = bytes;
    while (count >= 8) {
        uint64_t word;
        memcpy(&word, p, 8);
        crc = __builtin_arm_crc32cd(crc, word);
        p += 8;
        count -= 8;
    }
    while (count > 0) {
        crc = __builtin_arm_crc32cb(crc, *p);
        p++;
        count--;
    }
    return crc;
}

#else

int registry_crc32c_hardware_available(void) { return 0; }

uint32_t registry_crc32c_hardware(uint32_t crc, const void *bytes, size_t count) {
    (void)bytes;
    (void)count;
    return crc;
}

#endif
