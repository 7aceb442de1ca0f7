/*
 * A stand-in protocol for testing the net layer on its own (no crypto):
 * the same shape as the session core (a WANT_WORK step in the handshake,
 * framed data, a close), trivially checkable on the wire:
 *
 *   client -> "HELO"      server: WANT_WORK; work() answers "OK!!" -> established
 *   anything else first   server: error, answers "ERR!", closed
 *   data                  2-byte big-endian length || payload (1..65504)
 *   close                 00 00
 */
#ifndef QSTP_TEST_FAKEPROTO_H
#define QSTP_TEST_FAKEPROTO_H

#include "net/net.h"

extern const qstp_net_proto fake_proto;
/* Milliseconds each work() call sleeps (to fill the worker queue). */
extern unsigned fake_work_delay_ms;
/* A gate for work(): while held, work() calls wait at it, for at most
 * 10 s each; fake_work_gate_waiting() says how many wait there now and
 * fake_work_gate_timeouts() how many gave up waiting so far. */
void fake_work_gate_hold(void);
void fake_work_gate_release(void);
unsigned fake_work_gate_waiting(void);
unsigned fake_work_gate_timeouts(void);

#endif
