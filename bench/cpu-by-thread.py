"""CPU time (user + sys) of one process, by thread kind: runs the command, polls /proc every 10 ms and keeps each
thread's last reading. Prints e.g. `C2 0.48 s, C1 0.39 s, main 1.02 s, ... total 1.93 s`. Threads that end
between two polls lose at most their last 10 ms.

usage: python3 bench/cpu-by-thread.py <command...>"""
import collections
import os
import re
import subprocess
import sys
import time

process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
ticks = os.sysconf("SC_CLK_TCK")
threads = {}
while process.poll() is None:
    try:
        for tid in os.listdir(f"/proc/{process.pid}/task"):
            try:
                stat = open(f"/proc/{process.pid}/task/{tid}/stat").read()
            except OSError:
                continue
            name = stat[stat.index("(") + 1:stat.rindex(")")]
            fields = stat[stat.rindex(")") + 2:].split()
            threads[tid] = (name, (int(fields[11]) + int(fields[12])) / ticks)
    except OSError:
        break
    time.sleep(0.01)


def kind(name):
    if name.startswith("C2 Compiler"):
        return "C2"
    if name.startswith("C1 Compiler"):
        return "C1"
    if name == "java":
        return "main"
    if name.startswith(("GC Thread", "G1 ")):
        return "GC"
    if name.startswith("ecs-guard-looku"):  # Linux keeps 15 characters of a thread's name
        return "ecs-guard lookups"
    if name.startswith("ecs-guard-warm"):
        return "ecs-guard warm-up"
    return re.sub(r"[-#]?\d+$", "", name)


cpu = collections.Counter()
for name, seconds in threads.values():
    cpu[kind(name)] += seconds
shown = [f"{k} {v:.2f} s" for k, v in cpu.most_common() if v >= 0.01]
print(", ".join(shown) + f"; total {sum(cpu.values()):.2f} s")
