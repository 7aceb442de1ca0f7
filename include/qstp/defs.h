/*
 * qstp: definitions shared by the public headers.
 *
 * QSTP_SIZED(n) spells a fixed-size array parameter: `[static n]` in C (the
 * compiler may then assume, and warn when a caller passes less than, n
 * elements), nothing in C++, which has no such syntax, so the headers also
 * compile as C++.
 */
#ifndef QSTP_DEFS_H
#define QSTP_DEFS_H

#ifdef __cplusplus
#define QSTP_SIZED(n)
#else
#define QSTP_SIZED(n) static n
#endif

#endif
