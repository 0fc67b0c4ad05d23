#!/usr/bin/env python3
"""tools/mig, the interface generator of the guest microkernel: its parser, its checks and
the message layout it chooses. Runs tools/mig as a command (exit status, one-line errors
naming file and line) and imports it for the layout.

With a host C++ compiler, the code generated for an interface whose names shadow the
runtime's (memcpy, sys_msg, in, out, ...) is compiled (-fsyntax-only) against the guest
kernel's user headers.

usage: mig_test.py MIG [CXX]
"""
import importlib.machinery
import importlib.util
import os
import subprocess
import sys
import tempfile

MIG = sys.argv[1]
CXX = sys.argv[2] if len(sys.argv) > 2 else None
SOURCE = os.path.dirname(os.path.dirname(os.path.abspath(MIG)))
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def run(*args):
    p = subprocess.run([sys.executable, MIG, *args], capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


def load_module():
    loader = importlib.machinery.SourceFileLoader('mig', MIG)
    spec = importlib.util.spec_from_loader('mig', loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


GOOD = """// a comment
subsystem calc 3000; /* a block
comment over two lines */
routine add(in a : int32; in b : int32; out sum : int32);
skip;
routine name(in key : bytes[16]; out right : port make_send; out value : bytes[0x20]);
simpleroutine note(in v : int32; in p : port copy_send);
routine nothing();
"""

# (text, line of the error, words the message must contain)
BAD = [
    ("routine a();", 1, "must start with 'subsystem NAME BASE;'"),
    ("subsystem s 99;\nroutine a();", 1, "base id 99 out of range"),
    ("subsystem s 100\nroutine a();", 2, "expected ';', found 'routine'"),
    ("subsystem s 100;", 1, "the interface has no routines"),
    ("subsystem s 100;\nroutine a(in x : float);", 2, "expected a type"),
    ("subsystem s 100;\n\nroutine a(in x : port give);", 3, "expected a port disposition"),
    ("subsystem s 100;\nroutine a(inout x : int32);", 2, "expected 'in' or 'out', found 'inout'"),
    ("subsystem s 100;\nroutine a(in x : int32)", 2, "expected ';' after the routine, found end of file"),
    ("subsystem s 100;\nroutine a(in x : int32 in y : int32);", 2, "expected ';' or ')', found 'in'"),
    ("subsystem s 100;\nroutine a();\nroutine a();", 3, "routine 'a' already defined on line 2"),
    ("subsystem s 100;\nroutine a(in x : int32;\n out x : int32);", 3, "argument 'x' of a clashes"),
    ("subsystem s 100;\nroutine a(in x : bytes[4]; in x_count : int32);", 2, "argument 'x_count' of a clashes"),
    ("subsystem s 100;\nsimpleroutine a(out x : int32);", 2, "simpleroutine a cannot have out arguments"),
    ("subsystem s 100;\nroutine a(in x : bytes[0]);", 2, "array size 0 out of range"),
    ("subsystem s 100;\nroutine a(in x : bytes[2000]; in y : bytes[2100]);", 2,
     "its request can reach 4132 bytes, over the 4096-byte message limit"),
    ("subsystem s 100;\nroutine a(" + "; ".join("in p%d : port copy_send" % i for i in range(9)) + ");",
     2, "more than 8 port rights in its request"),
    ("subsystem s 100;\nroutine a(in class : int32);", 2, "'class' is a reserved word"),
    ("subsystem s 100;\nroutine a(in mig_x : int32);", 2, "names starting with mig_ are reserved"),
    ("subsystem s 100;\nroutine serve();", 2, "routine name 'serve' is used by the generated code"),
    ("subsystem s 100;\nroutine a(in x : int32); $", 2, "unexpected character '$'"),
    ("subsystem s 100;\n/* open\n\nroutine a();", 2, "unterminated /* comment"),
    ("subsystem s 2147483600;\nroutine a();", 2, "its reply id passes 2^31-1"),
    ("subsystem memcpy 100;\nroutine a();", 1, "subsystem name 'memcpy' clashes with a name of"),
    ("subsystem sys_x 100;\nroutine a();", 1, "subsystem name 'sys_x' clashes with a name of"),
]

# Names that shadow what the generated code itself calls, in every place a name goes.
SHADOWS = """subsystem shadows 500;
routine memmove(in sys_msg : int32; in in : bytes[8]; out out : bytes[8];
                out memcpy : port move_send; in demux : port copy_send);
simpleroutine check_reply(in kabi_x : int32; in ulib_x : bytes[4]);
"""


def main():
    with tempfile.TemporaryDirectory() as tmp:
        good = os.path.join(tmp, 'calc.defs')
        with open(good, 'w') as f:
            f.write(GOOD)
        code, out, err = run('--check', good)
        check(code == 0 and out == '' and err == '', 'a good interface passes --check silently')
        outdir = os.path.join(tmp, 'out')
        code, _, err = run(good, outdir)
        names = sorted(os.listdir(outdir)) if os.path.isdir(outdir) else []
        check(code == 0 and names == ['calc.h', 'calc_server.cpp', 'calc_user.cpp'],
              'it writes NAME.h, NAME_user.cpp and NAME_server.cpp (%s)' % names)
        header = open(os.path.join(outdir, 'calc.h')).read() if code == 0 else ''
        check('constexpr uint32_t add = 3000;' in header and 'constexpr uint32_t name = 3002;' in header
              and 'constexpr uint32_t note = 3003;' in header,
              'ids count from the base, a skip leaves a gap')
        check('int name(uint32_t mig_port, const void* key, uint32_t key_count, uint32_t* right, '
              'void* value, uint32_t* value_count);' in header,
              'a stub takes arrays as pointer and count, out arguments as pointers')
        user = open(os.path.join(outdir, 'calc_user.cpp')).read() if code == 0 else ''
        check('kabi::kMsgSend, mig_m.h.size, 0, 0, 0' in user and 'kMsgSend | kabi::kMsgRcv' in user,
              'a simpleroutine only sends, a routine sends and receives in one call')

        for i, (text, line, words) in enumerate(BAD):
            path = os.path.join(tmp, 'bad%d.defs' % i)
            with open(path, 'w') as f:
                f.write(text)
            code, out, err = run('--check', path)
            want = '%s:%d: ' % (path, line)
            check(code == 2 and err.startswith(want) and words in err and err.count('\n') == 1
                  and 'Traceback' not in err,
                  'error %d: "%s" -> %r' % (i, words, err.strip()))

        code, _, err = run('--check', os.path.join(tmp, 'missing.defs'))
        check(code == 2 and 'missing.defs: cannot read' in err and err.count('\n') == 1,
              'a missing file: one line, status 2')
        binary = os.path.join(tmp, 'bin.defs')
        with open(binary, 'wb') as f:
            f.write(b'subsystem s 100;\xff\xfe')
        code, _, err = run('--check', binary)
        check(code == 2 and err.count('\n') == 1 and 'Traceback' not in err,
              'a file that is not UTF-8: one line, status 2 (%r)' % err.strip())
        shadows = os.path.join(tmp, 'shadows.defs')
        with open(shadows, 'w') as f:
            f.write(SHADOWS)
        code, _, err = run(shadows, os.path.join(tmp, 'shadows'))
        check(code == 0, 'names that shadow the runtime are accepted (%r)' % err.strip())
        if CXX and code == 0:
            includes = ['-I' + os.path.join(SOURCE, d) for d in
                        ('guest/kernel/user', 'guest/kernel/include', 'guest/include')]
            for name in ('shadows_user.cpp', 'shadows_server.cpp'):
                p = subprocess.run([CXX, '-std=c++20', '-fsyntax-only', '-ffreestanding', '-fno-builtin',
                                    '-Wall', '-Wextra', '-Werror', *includes,
                                    '-I' + os.path.join(tmp, 'shadows'),
                                    os.path.join(tmp, 'shadows', name)],
                                   capture_output=True, text=True, timeout=120)
                check(p.returncode == 0, '%s compiles (%s)' % (name, p.stderr.strip()[:400]))
        else:
            print('skip compiling the generated code: no host C++ compiler given')

        code, out, _ = run('--help')
        check(code == 0 and 'Grammar' in out and 'DISPOSITION' in out, '--help: the grammar, status 0')
        code, _, err = run()
        check(code == 2 and err.startswith('usage:'), 'no arguments: usage, status 2')
        code, _, err = run(good)
        check(code == 2 and err.startswith('usage:'), 'no output folder: usage, status 2')

    # The layout: descriptors first, then the return code (reply), ints, counts, data.
    mig = load_module()
    iface = mig.Parser(mig.tokenize(GOOD)).parse()
    name = iface.routines[1]
    req, rep = mig.Layout(name, 'in'), mig.Layout(name, 'out')
    check(req.port_count is None and req.count_at == {'key': 6} and req.fixed_words == 7
          and req.max_size == 24 + 4 + 16, 'request layout: count word, then the bytes')
    check(rep.port_count == 6 and rep.retcode == 9 and rep.count_at == {'value': 10}
          and rep.max_at == {'value': 11} and rep.max_size == 4 * 11 + 32,
          'reply layout: port count and descriptor, return code, count, bytes')
    print('PASS' if not failures else '%d FAILED' % len(failures))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
