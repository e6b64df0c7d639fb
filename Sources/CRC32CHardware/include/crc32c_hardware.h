#ifndef REGISTRY_CRC32C_HARDWARE_H
#define REGISTRY_CRC32C_HARDWARE_H

#include <stddef.h>
#include <stdint.h>

/// Whether this CPU has a CRC-32C instruction (x86-64 SSE4.2, or the ARMv8 CRC extension).
int registry_crc32c_hardware_available(void);

/// CRC-32C of `count` bytes continuing from `crc` (pre- and post-inversion are the caller's), with
/// the CPU's instruction. Call only when `registry_crc32c_hardware_available()` returned non-zero.
uint32_t registry_crc32c_hardware(uint32_t crc, const void *bytes, size_t count);

#endif
