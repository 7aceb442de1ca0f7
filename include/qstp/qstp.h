/* qstp: the umbrella header. */
#ifndef QSTP_H
#define QSTP_H
#include "qstp/errors.h"
#include "qstp/util.h"
#include "qstp/keccak.h"
#endif
