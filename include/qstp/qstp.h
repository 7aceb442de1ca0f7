/*
 * qstp: the umbrella header.  Includes the whole public API:
 *   errors.h   QSTP_ERR_* codes and qstp_strerror
 *   util.h     wipe, constant-time compare, randomness
 *   keccak.h   SHA-3, SHAKE, cSHAKE, KMAC, the rate-72 cSHAKE
 *   mlkem.h    ML-KEM-512/768/1024 (FIPS 203)
 *   mldsa.h    ML-DSA-44/65/87 (FIPS 204)
 *   rcs.h      RCS-256/512, the transport cipher
 *   config.h   configuration sets
 *   cert.h     certificates and key files
 *   session.h  the sans-I/O protocol core
 */
#ifndef QSTP_H
#define QSTP_H
#include "qstp/defs.h"
#include "qstp/errors.h"
#include "qstp/util.h"
#include "qstp/keccak.h"
#include "qstp/mlkem.h"
#include "qstp/mldsa.h"
#include "qstp/rcs.h"
#include "qstp/config.h"
#include "qstp/cert.h"
#include "qstp/session.h"
#endif
