/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers the code generator's files (cgen.c, cgen_*.c) share. */
#ifndef TPC_CGEN_H
#define TPC_CGEN_H

#include "tpc.h"

/* A C string literal for n bytes of s, any byte escaped (quotes, backslashes, octal). */
const char *cgen_c_string(struct arena *a, const char *s, int n);
/* The kernel type for an integer of `width` bytes: __u8 ... __s64. */
const char *cgen_int_ctype(int width, bool sgn);

#endif /* TPC_CGEN_H */
