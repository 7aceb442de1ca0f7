/* Names of the QSTP_ERR_* codes (generated from the comments in errors.h; keep in step). */
#include "qstp/errors.h"

const char *qstp_strerror(int err)
{
	switch (err) {
	case QSTP_OK: return "success";
	case QSTP_ERR_INVALID_ARG: return "a parameter is out of its documented range";
	case QSTP_ERR_RANDOM: return "the random source failed";
	case QSTP_ERR_NOMEM: return "an allocation failed (never in primitives)";
	case QSTP_ERR_BUFFER_TOO_SMALL: return "an output buffer is too small";
	case QSTP_ERR_INTERNAL: return "a broken internal invariant that was caught";
	case QSTP_ERR_UNSUPPORTED: return "a known but unimplemented variant";
	case QSTP_ERR_IO: return "a file or system call failed (tools, net)";
	case QSTP_ERR_AGAIN: return "not an error: more input is needed";
	case QSTP_ERR_AUTH: return "an authentication tag did not verify";
	case QSTP_ERR_MLKEM_EK_INVALID: return "FIPS 203 7.2 encapsulation-key modulus check failed";
	case QSTP_ERR_MLKEM_DK_INVALID: return "FIPS 203 7.3 decapsulation-key hash check failed";
	case QSTP_ERR_MLKEM_LENGTH: return "key or ciphertext of the wrong length";
	case QSTP_ERR_MLDSA_VERIFY: return "a signature did not verify";
	case QSTP_ERR_MLDSA_SIG_LENGTH: return "a signature of the wrong length";
	case QSTP_ERR_MLDSA_KEY_LENGTH: return "a key of the wrong length";
	case QSTP_ERR_MLDSA_CONTEXT: return "a context string longer than 255 bytes";
	case QSTP_ERR_MLDSA_SIGN_FAILED: return "rejection sampling exceeded its bound";
	case QSTP_ERR_RCS_SHORT_INPUT: return "RCS decrypt input shorter than a tag";
	case QSTP_ERR_CERT_LENGTH: return "a serialization of the wrong length";
	case QSTP_ERR_CERT_ALGORITHM: return "unknown or unexpected configuration set";
	case QSTP_ERR_CERT_VERSION: return "unknown version byte";
	case QSTP_ERR_CERT_SIGNATURE: return "a certificate signature did not verify";
	case QSTP_ERR_CERT_HASH: return "the signed hash differs from the recomputed one";
	case QSTP_ERR_CERT_EXPIRED: return "now > valid_to";
	case QSTP_ERR_CERT_NOT_YET_VALID: return "now < valid_from";
	case QSTP_ERR_CERT_ROOT_SERIAL: return "rootser differs from the root's serial";
	case QSTP_ERR_CERT_OUTLIVES_ROOT: return "server valid_to later than the root's";
	case QSTP_ERR_CERT_ISSUER: return "issuer text too long or not NUL-padded";
	case QSTP_ERR_CERT_ARMOR: return "malformed text armour";
	case QSTP_ERR_CERT_KEY_MISMATCH: return "key file and certificate do not belong together";
	case QSTP_ERR_CERT_VALIDITY: return "valid_from > valid_to, or a bad period";
	case QSTP_ERR_KEYFILE_PERMISSIONS: return "a secret key file others can read";
	case QSTP_ERR_PROTO_TIME: return "message_time_invalid";
	case QSTP_ERR_PROTO_LENGTH: return "receive_failure: a length rule";
	case QSTP_ERR_PROTO_SEQUENCE: return "packet_unsequenced";
	case QSTP_ERR_PROTO_FLAG: return "invalid_request";
	case QSTP_ERR_PROTO_PEER_ERROR: return "connection_failure: the peer reported an error";
	case QSTP_ERR_PROTO_TERMINATED: return "the peer sent connection_terminate (0x03)";
	case QSTP_ERR_PROTO_KEY_UNKNOWN: return "key_unrecognized";
	case QSTP_ERR_PROTO_CONFIG: return "unknown_protocol";
	case QSTP_ERR_PROTO_SIGNATURE: return "authentication_failure: handshake signature";
	case QSTP_ERR_PROTO_TRANSCRIPT: return "verify_failure: phash mismatch";
	case QSTP_ERR_PROTO_CONFIRM: return "authentication_failure: sch2 mismatch";
	case QSTP_ERR_PROTO_STATE: return "a call that is not valid in this state";
	case QSTP_ERR_PROTO_CLOSED: return "the session is closed";
	case QSTP_ERR_PROTO_SEQ_EXHAUSTED: return "txseq would wrap";
	case QSTP_ERR_PROTO_PAYLOAD: return "a plaintext outside 1 .. 65504 bytes";
	case QSTP_ERR_PROTO_KEY_EXPIRED: return "key_expired during the handshake";
	case QSTP_ERR_NET_TIMEOUT: return "net timeout";
	case QSTP_ERR_NET_CLOSED: return "net closed";
	case QSTP_ERR_NET_REFUSED: return "net refused";
	}
	return "unknown error";
}
