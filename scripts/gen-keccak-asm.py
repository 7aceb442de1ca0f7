#!/usr/bin/env python3
"""Generate src/crypto/keccakf1600_x86_64.S: Keccak-f[1600] (FIPS 202 3.3,
3.4) for x86-64 with BMI1 (ANDN) and BMI2 (RORX), System V ABI.

    scripts/gen-keccak-asm.py > src/crypto/keccakf1600_x86_64.S

Written from FIPS 202: the rho offsets and the iota constants are computed
here from the specification's algorithms (3.2.2 Algorithm 2, 3.2.5
Algorithms 5 and 6), not copied from a table.

The plan (one round, lanes A read from buffer IN, lanes E written to OUT):

  theta   C[x] arrives in registers from the previous round; D[x] =
          C[x-1] ^ rol(C[x+1], 1) into five registers (RORX + XOR).
  rho/pi  output row y takes B[x] = rol(A[(x+3y)%5, x] ^ D, r): one load,
          one XOR with D, one RORX per lane.
  chi     E[x] = B[x] ^ (~B[x+1] & B[x+2]): ANDN + XOR, then a store;
          iota is one XOR with the round constant from memory on E[0,0].
  C[x]    for the next round: columns ACC accumulate in registers while
          their lanes are produced; the others are summed from OUT (loads
          as memory operands) once D is dead in row 4, plus row 4's lane
          from its register.
  lane    E[4,4] (lane 24) stays in a register: it is B[4] of the next
          round's first output row, so it is neither stored nor loaded.

Registers: 13 for data (rax rbx rcx rdx rsi rbp r8-r14), r15 walks the
round constants, rdi is the caller's state, the other buffer is on the
stack.  Two rounds per loop iteration ping-pong rdi -> stack -> rdi, so
the result lands in the caller's state with no copy; the stack buffer is
wiped before return.  No branch or address depends on the state.
"""
import sys

# --- FIPS 202 constants ------------------------------------------------------

def rho_offsets():
    r = [[0] * 5 for _ in range(5)]
    x, y = 1, 0
    for t in range(24):
        r[x][y] = ((t + 1) * (t + 2) // 2) % 64
        x, y = y, (2 * x + 3 * y) % 5
    return r


def rc_bit(t):
    if t % 255 == 0:
        return 1
    R = [1, 0, 0, 0, 0, 0, 0, 0]
    for _ in range(1, t % 255 + 1):
        R = [0] + R
        R[0] ^= R[8]
        R[4] ^= R[8]
        R[5] ^= R[8]
        R[6] ^= R[8]
        R = R[:8]
    return R[0]


def round_constant(ir):
    rc = 0
    for j in range(7):
        rc |= rc_bit(j + 7 * ir) << ((1 << j) - 1)
    return rc


RHO = rho_offsets()
RC = [round_constant(i) for i in range(24)]

# --- code generation ---------------------------------------------------------

DATA_REGS = ["rax", "rbx", "rcx", "rdx", "rsi", "rbp",
             "r8", "r9", "r10", "r11", "r12", "r13", "r14"]
ACC = (0, 1)                 # columns whose parity accumulates during chi
STACK_BUF = 0                # 200-byte state buffer at 0(%rsp)
END_SLOT = 200               # address one past the last round constant
FRAME = 216

out = []


def emit(s):
    out.append("\t" + s)


def R(r):
    return "%" + r


class Regs:
    def __init__(self, busy):
        self.free = [r for r in DATA_REGS if r not in busy]

    def get(self):
        if not self.free:
            raise SystemExit("gen-keccak-asm: out of registers")
        return self.free.pop(0)

    def put(self, r):
        assert r not in self.free
        self.free.append(r)


def mem(base, lane):
    off = 8 * lane
    return "%d(%%%s)" % (off, base) if off else "(%%%s)" % base


def gen_round(IN, OUT, C, L24, rc_off, regs):
    """One round.  C: registers of the five column parities of IN; L24:
    register holding IN's lane 24.  Returns (C', L24') for OUT."""
    # theta: D[x] = C[x-1] ^ rol(C[x+1], 1)
    D = []
    for x in range(5):
        d = regs.get()
        emit("rorx $63, %s, %s" % (R(C[(x + 1) % 5]), R(d)))
        emit("xor %s, %s" % (R(C[(x - 1) % 5]), R(d)))
        D.append(d)
    for c in C:
        regs.put(c)

    Cn = [None] * 5
    L24n = None
    for y in range(5):
        # rho and pi: B[x] = rol(A[sx, sy] ^ D[sx], r)
        B = []
        for x in range(5):
            sx, sy = (x + 3 * y) % 5, x
            lane = sx + 5 * sy
            if lane == 24:
                b = L24
            else:
                b = regs.get()
                emit("mov %s, %s" % (mem(IN, lane), R(b)))
            emit("xor %s, %s" % (R(D[sx]), R(b)))
            r = RHO[sx][sy]
            if r:
                emit("rorx $%d, %s, %s" % (64 - r, R(b), R(b)))
            B.append(b)
        if y == 4:
            for d in D:
                regs.put(d)
            # parities of the other columns over rows 0..3, already stored
            for x in range(5):
                if x in ACC:
                    continue
                c = regs.get()
                emit("mov %s, %s" % (mem(OUT, x), R(c)))
                for yy in range(1, 4):
                    emit("xor %s, %s" % (mem(OUT, x + 5 * yy), R(c)))
                Cn[x] = c
        # chi (and iota on lane 0): E[x] = B[x] ^ (~B[x+1] & B[x+2])
        # B[x] is last needed by E[x] for x = 2, 3, 4 and by E[3], E[4]
        # for x = 0, 1.
        last_use = {0: 4, 1: 4, 2: 2, 3: 3, 4: 4}
        for x in range(5):
            t = regs.get()
            # AT&T: andn src2, src1, dst  =>  dst = ~src1 & src2
            emit("andn %s, %s, %s" % (R(B[(x + 2) % 5]), R(B[(x + 1) % 5]), R(t)))
            emit("xor %s, %s" % (R(B[x]), R(t)))
            if x == 0 and y == 0:
                emit("xor %s, %s" % ("%d(%%r15)" % rc_off if rc_off else "(%r15)", R(t)))
            lane = x + 5 * y
            if lane != 24:
                emit("mov %s, %s" % (R(t), mem(OUT, lane)))
            for xx in range(5):
                if last_use[xx] == x:
                    regs.put(B[xx])
            keep = False
            if x in ACC:
                if y == 0:
                    Cn[x] = t
                    keep = True
                else:
                    emit("xor %s, %s" % (R(t), R(Cn[x])))
            elif y == 4:
                emit("xor %s, %s" % (R(t), R(Cn[x])))
            if lane == 24:
                L24n = t
                keep = True
            if not keep:
                regs.put(t)
    return Cn, L24n


def main():
    p = lambda s: out.append(s)
    p("/*")
    p(" * Keccak-f[1600] (FIPS 202 3.3, 3.4) for x86-64 with BMI1/BMI2.")
    p(" * GENERATED by scripts/gen-keccak-asm.py: edit the generator, not this")
    p(" * file.  The plan (register use, lane traffic) is described there.")
    p(" *")
    p(" * void qstp_keccakf1600_bmi2asm(uint64_t a[25]);   System V ABI")
    p(" */")
    p("")
    p("\t.section .rodata")
    p("\t.balign 64")
    p(".Lrc:")
    for v in RC:
        p("\t.quad 0x%016x" % v)
    p(".Lrc_end:")
    p("")
    p("\t.text")
    p("\t.globl qstp_keccakf1600_bmi2asm")
    p("\t.hidden qstp_keccakf1600_bmi2asm")
    p("\t.type qstp_keccakf1600_bmi2asm, @function")
    p("\t.balign 64")
    p("qstp_keccakf1600_bmi2asm:")
    p("\t.cfi_startproc")
    emit("endbr64")
    saved = ["rbx", "rbp", "r12", "r13", "r14", "r15"]
    cfa = 8
    for s in saved:
        emit("push %s" % R(s))
        cfa += 8
        p("\t.cfi_adjust_cfa_offset 8")
        p("\t.cfi_rel_offset %s, 0" % R(s))
    emit("sub $%d, %%rsp" % FRAME)
    p("\t.cfi_adjust_cfa_offset %d" % FRAME)
    emit("lea .Lrc(%rip), %r15")
    emit("lea .Lrc_end(%rip), %rax")
    emit("mov %%rax, %d(%%rsp)" % END_SLOT)

    # entry: column parities and lane 24 of the caller's state
    regs = Regs([])
    C = []
    for x in range(5):
        c = regs.get()
        emit("mov %s, %s" % (mem("rdi", x), R(c)))
        for y in range(1, 4):
            emit("xor %s, %s" % (mem("rdi", x + 5 * y), R(c)))
        C.append(c)
    L24 = regs.get()
    emit("mov %s, %s" % (mem("rdi", 24), R(L24)))
    for x in range(4):
        emit("xor %s, %s" % (mem("rdi", x + 20), R(C[x])))
    emit("xor %s, %s" % (R(L24), R(C[4])))
    entry = (list(C), L24)

    p("\t.balign 32")
    p(".Lloop:")
    busy = set(C) | {L24}
    regs = Regs(busy)
    C, L24 = gen_round("rdi", "rsp", C, L24, 0, regs)
    C, L24 = gen_round("rsp", "rdi", C, L24, 8, regs)
    # make the register assignment at the loop edge match the entry
    want = entry[0] + [entry[1]]
    have = C + [L24]
    moves = [(h, w) for h, w in zip(have, want) if h != w]
    pending = dict(moves)           # have -> want
    while pending:
        # a move whose destination is not a pending source can go now
        for h, w in list(pending.items()):
            if w not in pending:
                emit("mov %s, %s" % (R(h), R(w)))
                del pending[h]
                break
        else:
            h, w = next(iter(pending.items()))
            tmp = regs.get()
            emit("mov %s, %s" % (R(h), R(tmp)))
            del pending[h]
            pending[tmp] = w
    sys.stderr.write("loop-edge moves: %d\n" % len(moves))
    emit("add $16, %r15")
    emit("cmp %d(%%rsp), %%r15" % END_SLOT)
    emit("jne .Lloop")

    emit("mov %s, %s" % (R(entry[1]), mem("rdi", 24)))
    # wipe the stack copy of the state (round 23's lanes)
    emit("pxor %xmm0, %xmm0")
    for off in range(0, 192, 16):
        emit("movdqu %%xmm0, %d(%%rsp)" % off)
    emit("movq %xmm0, 192(%rsp)")
    emit("add $%d, %%rsp" % FRAME)
    p("\t.cfi_adjust_cfa_offset -%d" % FRAME)
    for s in reversed(saved):
        emit("pop %s" % R(s))
        p("\t.cfi_adjust_cfa_offset -8")
        p("\t.cfi_restore %s" % R(s))
    emit("ret")
    p("\t.cfi_endproc")
    p("\t.size qstp_keccakf1600_bmi2asm, .-qstp_keccakf1600_bmi2asm")
    p("")
    p('\t.section .note.GNU-stack,"",@progbits')
    print("\n".join(out))


if __name__ == "__main__":
    main()
