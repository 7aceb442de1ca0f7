/* Internal: qstp_wipe (declared publicly in qstp/util.h). */
#ifndef QSTP_WIPE_H
#define QSTP_WIPE_H
#include "qstp/util.h"
#endif
