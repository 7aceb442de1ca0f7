/* Portable Keccak-f[1600]: the reference every other variant is tested against. */
#include "keccak_impl.h"

#define KECCAKF_NAME qstp_keccakf1600_ref
#define KECCAKF_LANE_COMPLEMENT 1
#include "keccakf1600.inc"
