#!/usr/bin/env python3
"""Replays recorded limit-script calls against a throw-away Redis and prints the Redis CPU time of
each round: the same calls, the same keys and times, so two versions of acquire.lua (or two Redis
settings) can be compared on identical work, which a load run on a shared machine cannot do.

Record (during a load run, see docs/benchmarks/milter.md; MONITOR slows Redis down, so a couple of
seconds give a few hundred calls):
    timeout 2 redis-cli -p 16379 monitor > calls.txt
Replay (a fresh server each time; it loads the script itself and replaces the recorded SHA):
    redis-server --port 16390 --save '' --appendonly no &
    benchmarks/scripts/replay-limit-script.py --port 16390 \
        --script runtime/src/main/resources/dev/themis/runtime/limit/acquire.lua --calls calls.txt --rounds 6
The first round creates the keys; compare the later ones. Redis CPU is read from INFO cpu
(used_cpu_user + used_cpu_sys), so other clients of that server would count too.
"""
import argparse
import re
import socket
import sys
import time

ESCAPES = {'n': b'\n', 'r': b'\r', 't': b'\t', 'a': b'\a', 'b': b'\b'}


def monitor_args(line):
    """The arguments of one MONITOR line (quoted and escaped as Redis' sdscatrepr does)."""
    text = line[line.index('] ') + 2:]
    args, i = [], 0
    while i < len(text):
        if text[i] != '"':
            i += 1
            continue
        i += 1
        arg = bytearray()
        while text[i] != '"':
            c = text[i]
            if c == '\\':
                n = text[i + 1]
                if n == 'x':
                    arg.append(int(text[i + 2:i + 4], 16))
                    i += 4
                    continue
                arg += ESCAPES.get(n, n.encode())
                i += 2
                continue
            arg += c.encode()
            i += 1
        args.append(bytes(arg))
        i += 1
    return args


def resp(args):
    out = [b'*%d\r\n' % len(args)]
    for a in args:
        out.append(b'$%d\r\n%s\r\n' % (len(a), a))
    return b''.join(out)


class Connection:
    def __init__(self, port):
        self.sock = socket.create_connection(('127.0.0.1', port))
        self.reader = self.sock.makefile('rb')

    def call(self, *args):
        self.sock.sendall(resp([a if isinstance(a, bytes) else a.encode() for a in args]))
        return self.read()

    def read(self):
        line = self.reader.readline()
        kind, body = line[:1], line[1:-2]
        if kind == b'-':
            raise RuntimeError(body.decode())
        if kind in b'+:':
            return body
        if kind == b'$':
            n = int(body)
            return None if n < 0 else self.reader.read(n + 2)[:-2]
        if kind == b'*':
            return [self.read() for _ in range(max(int(body), 0))]
        raise RuntimeError('unexpected reply %r' % line)

    def cpu_seconds(self):
        info = self.call('INFO', 'cpu').decode()
        return sum(float(re.search(key + r':([\d.]+)', info).group(1)) for key in ('used_cpu_user', 'used_cpu_sys'))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--port', type=int, required=True)
    p.add_argument('--script', required=True, help='the Lua script to load and call')
    p.add_argument('--calls', required=True, help='redis-cli monitor output')
    p.add_argument('--rounds', type=int, default=6)
    o = p.parse_args()
    calls = []
    with open(o.calls, errors='replace') as f:
        for line in f:
            # top-level EVALSHA calls only: MONITOR also shows the commands scripts run ("[0 lua]")
            if '"EVALSHA"' in line and '[0 lua]' not in line:
                calls.append(monitor_args(line.rstrip('\n')))
    if not calls:
        sys.exit('no EVALSHA calls in %s' % o.calls)
    conn = Connection(o.port)
    with open(o.script) as f:
        sha = conn.call('SCRIPT', 'LOAD', f.read())
    payload = b''.join(resp([c[0], sha] + c[2:]) for c in calls)
    for r in range(1, o.rounds + 1):
        cpu, start = conn.cpu_seconds(), time.time()
        conn.sock.sendall(payload)
        for _ in calls:
            conn.read()
        print('round %d: %d calls, Redis CPU %.3f s, elapsed %.3f s'
              % (r, len(calls), conn.cpu_seconds() - cpu, time.time() - start), flush=True)


if __name__ == '__main__':
    main()
