// `example:checksum` in C. `checksum.h` comes from `wit-bindgen c`, which `wit-tools build`
// runs into bindings/ before compiling: each export of the world is an `exports_checksum_…`
// function defined here. Arguments are the component's to free; results are freed after the call.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checksum.h"

static uint32_t crc32(const uint8_t *p, size_t n) {
  uint32_t c = 0xffffffffu;
  for (size_t i = 0; i < n; i++) {
    c ^= p[i];
    for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
  }
  return ~c;
}

static uint32_t adler32(const uint8_t *p, size_t n) {
  uint32_t a = 1, b = 0;
  for (size_t i = 0; i < n; i++) {
    a = (a + p[i]) % 65521u;
    b = (b + a) % 65521u;
  }
  return (b << 16) | a;
}

static uint32_t fnv1a32(const uint8_t *p, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
  return h;
}

/// `n` bytes as lowercase hexadecimal, into a fresh component string.
static void hex(const uint8_t *p, size_t n, checksum_string_t *out) {
  static const char digits[] = "0123456789abcdef";
  out->len = 2 * n;
  out->ptr = malloc(out->len ? out->len : 1);
  for (size_t i = 0; i < n; i++) {
    out->ptr[2 * i] = (uint8_t)digits[p[i] >> 4];
    out->ptr[2 * i + 1] = (uint8_t)digits[p[i] & 15];
  }
}

uint32_t exports_checksum_crc32(checksum_list_u8_t *data) {
  uint32_t c = crc32(data->ptr, data->len);
  checksum_list_u8_free(data);
  return c;
}

void exports_checksum_digest(checksum_algorithm_t algorithm, checksum_list_u8_t *data, checksum_digest_result_t *ret) {
  uint32_t v = algorithm == CHECKSUM_ALGORITHM_CRC32 ? crc32(data->ptr, data->len)
             : algorithm == CHECKSUM_ALGORITHM_ADLER32 ? adler32(data->ptr, data->len)
             : fnv1a32(data->ptr, data->len);
  checksum_list_u8_free(data);
  uint8_t be[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
  ret->algorithm = algorithm;
  ret->value = v;
  hex(be, 4, &ret->hex);
}

bool exports_checksum_to_hex(checksum_list_u8_t *data, checksum_string_t *ret, checksum_string_t *err) {
  if (data->len > 4096) {
    char message[64];
    snprintf(message, sizeof message, "%zu bytes is more than 4096", data->len);
    checksum_string_dup(err, message);
    checksum_list_u8_free(data);
    return false;
  }
  hex(data->ptr, data->len, ret);
  checksum_list_u8_free(data);
  return true;
}
