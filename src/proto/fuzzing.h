/*
 * The fuzzing build (make fuzz: clang, -DQSTP_FUZZING, ASan+UBSan+libFuzzer).
 * QSTP_FUZZING makes the default random source of a session a fixed,
 * deterministic one so that fuzz inputs replay; such a library must never
 * ship, so QSTP_FUZZING without the fuzz build's sanitizer marker stops the
 * build.
 */
#ifndef QSTP_PROTO_FUZZING_H
#define QSTP_PROTO_FUZZING_H

#ifdef QSTP_FUZZING
#if !defined(__clang__) || !defined(__has_feature)
#error "QSTP_FUZZING is for the clang fuzz build only (make fuzz); never a release"
#elif !__has_feature(address_sanitizer)
#error "QSTP_FUZZING requires -fsanitize=address (make fuzz); never a release"
#endif
#endif

#endif
