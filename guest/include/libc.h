// Freestanding C library subset for bare-metal DECstation guests (R2000/R3000, MIPS I).
// Implemented in guest/runtime/string.cpp. GCC may emit calls to memcpy/memset/memmove/
// memcmp on its own (struct copies, large initialisers) even with -ffreestanding, so these
// exact C names and signatures are required. Nothing from the host's or Debian's libc is
// linked: its mipsel build contains MIPS32 instructions the R3000 does not have.
#pragma once
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

void* memcpy(void* dst, const void* src, size_t n);
void* memmove(void* dst, const void* src, size_t n);
void* memset(void* dst, int c, size_t n);
int memcmp(const void* a, const void* b, size_t n);
size_t strlen(const char* s);
int strcmp(const char* a, const char* b);
int strncmp(const char* a, const char* b, size_t n);
char* strcpy(char* dst, const char* src);

#ifdef __cplusplus
}
#endif
