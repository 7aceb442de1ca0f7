/*
 * qstp: error codes.
 *
 * Every library function returns 0 on success or one negative QSTP_ERR_*
 * value from this enum.  qstp_strerror() names each one.  Codes are grouped
 * by layer so that a number alone says where it came from; parsing failures
 * get distinct codes.  The mapping to the protocol's one-byte error codes
 * (PROTOCOL.md 3.3) lives in the protocol layer, in one table.
 */
#ifndef QSTP_ERRORS_H
#define QSTP_ERRORS_H

#ifdef __cplusplus
extern "C" {
#endif

enum qstp_error {
	QSTP_OK = 0,

	/* general: -1 .. -19 */
	QSTP_ERR_INVALID_ARG = -1,      /* a parameter is out of its documented range */
	QSTP_ERR_RANDOM = -2,           /* the random source failed */
	QSTP_ERR_NOMEM = -3,            /* an allocation failed (never in primitives) */
	QSTP_ERR_BUFFER_TOO_SMALL = -4, /* an output buffer is too small */
	QSTP_ERR_INTERNAL = -5,         /* a broken internal invariant that was caught */
	QSTP_ERR_UNSUPPORTED = -6,      /* a known but unimplemented variant */
	QSTP_ERR_IO = -7,               /* a file or system call failed (tools, net) */
	QSTP_ERR_AGAIN = -8,            /* not an error: more input is needed */

	/* crypto: -20 .. -59 */
	QSTP_ERR_AUTH = -20,                /* an authentication tag did not verify */
	QSTP_ERR_MLKEM_EK_INVALID = -21,    /* FIPS 203 7.2 encapsulation-key modulus check failed */
	QSTP_ERR_MLKEM_DK_INVALID = -22,    /* FIPS 203 7.3 decapsulation-key hash check failed */
	QSTP_ERR_MLKEM_LENGTH = -23,        /* key or ciphertext of the wrong length */
	QSTP_ERR_MLDSA_VERIFY = -24,        /* a signature did not verify */
	QSTP_ERR_MLDSA_SIG_LENGTH = -25,    /* a signature of the wrong length */
	QSTP_ERR_MLDSA_KEY_LENGTH = -26,    /* a key of the wrong length */
	QSTP_ERR_MLDSA_CONTEXT = -27,       /* a context string longer than 255 bytes */
	QSTP_ERR_MLDSA_SIGN_FAILED = -28,   /* rejection sampling exceeded its bound */
	QSTP_ERR_RCS_SHORT_INPUT = -29,     /* RCS decrypt input shorter than a tag */

	/* certificates and keys: -60 .. -99 */
	QSTP_ERR_CERT_LENGTH = -60,         /* a serialization of the wrong length */
	QSTP_ERR_CERT_ALGORITHM = -61,      /* unknown or unexpected configuration set */
	QSTP_ERR_CERT_VERSION = -62,        /* unknown version byte */
	QSTP_ERR_CERT_SIGNATURE = -63,      /* a certificate signature did not verify */
	QSTP_ERR_CERT_HASH = -64,           /* the signed hash differs from the recomputed one */
	QSTP_ERR_CERT_EXPIRED = -65,        /* now > valid_to */
	QSTP_ERR_CERT_NOT_YET_VALID = -66,  /* now < valid_from */
	QSTP_ERR_CERT_ROOT_SERIAL = -67,    /* rootser differs from the root's serial */
	QSTP_ERR_CERT_OUTLIVES_ROOT = -68,  /* server valid_to later than the root's */
	QSTP_ERR_CERT_ISSUER = -69,         /* issuer text too long or not NUL-padded */
	QSTP_ERR_CERT_ARMOR = -70,          /* malformed text armour */
	QSTP_ERR_CERT_KEY_MISMATCH = -71,   /* key file and certificate do not belong together */
	QSTP_ERR_CERT_VALIDITY = -72,       /* valid_from > valid_to, or a bad period */
	QSTP_ERR_KEYFILE_PERMISSIONS = -73, /* a secret key file others can read */

	/* protocol: -100 .. -149 (each maps to a PROTOCOL.md 3.3 code) */
	QSTP_ERR_PROTO_TIME = -100,         /* message_time_invalid */
	QSTP_ERR_PROTO_LENGTH = -101,       /* receive_failure: a length rule */
	QSTP_ERR_PROTO_SEQUENCE = -102,     /* packet_unsequenced */
	QSTP_ERR_PROTO_FLAG = -103,         /* invalid_request */
	QSTP_ERR_PROTO_PEER_ERROR = -104,   /* connection_failure: the peer reported an error */
	QSTP_ERR_PROTO_TERMINATED = -105,   /* the peer sent connection_terminate (0x03) */
	QSTP_ERR_PROTO_KEY_UNKNOWN = -106,  /* key_unrecognized */
	QSTP_ERR_PROTO_CONFIG = -107,       /* unknown_protocol */
	QSTP_ERR_PROTO_SIGNATURE = -108,    /* authentication_failure: handshake signature */
	QSTP_ERR_PROTO_TRANSCRIPT = -109,   /* verify_failure: phash mismatch */
	QSTP_ERR_PROTO_CONFIRM = -110,      /* authentication_failure: sch2 mismatch */
	QSTP_ERR_PROTO_STATE = -111,        /* a call that is not valid in this state */
	QSTP_ERR_PROTO_CLOSED = -112,       /* the session is closed */
	QSTP_ERR_PROTO_SEQ_EXHAUSTED = -113,/* txseq would wrap */
	QSTP_ERR_PROTO_PAYLOAD = -114,      /* a plaintext outside 1 .. 65504 bytes */
	QSTP_ERR_PROTO_KEY_EXPIRED = -115,  /* key_expired during the handshake */

	/* network and tools: -150 .. -199 */
	QSTP_ERR_NET_TIMEOUT = -150,
	QSTP_ERR_NET_CLOSED = -151,
	QSTP_ERR_NET_REFUSED = -152,
};

/* Returns a static, human-readable name for a QSTP_ERR_* value. */
const char *qstp_strerror(int err);

#ifdef __cplusplus
}
#endif
#endif
