"""CPU readings from /proc for the benchmarks that run several processes: a process's CPU and its time
waiting for a core, a process tree (a PostgreSQL server is a postmaster and a process per
connection), the whole machine, and the load average.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from bench.interactions import cpu_seconds

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
CORES = os.cpu_count() or 1


def sched_seconds(pid: int) -> tuple[float, float]:
    """(CPU, waiting for a core) seconds of a process, every thread, from /proc/<pid>/task/*/schedstat
    (nanoseconds: on a CPU, runnable but waiting on a run queue). A process that waits for a core
    while the machine's cores are busy is held back by the machine, not by its own work."""
    on_cpu = waiting = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError, ValueError, IndexError):  # a thread that just ended
            fields = (task / "schedstat").read_text().split()
            on_cpu, waiting = on_cpu + int(fields[0]), waiting + int(fields[1])
    return on_cpu / 1e9, waiting / 1e9


def _stat_fields(pid: int) -> list[str]:
    """/proc/<pid>/stat after the command name (which may hold spaces): field 3 (state) is index 0."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    return stat[stat.rindex(")") + 2 :].split()


def parent_of(pid: int) -> int | None:
    try:
        return int(_stat_fields(pid)[1])
    except (OSError, ValueError, IndexError):
        return None


def command_name(pid: int) -> str | None:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return None


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and parent_of(int(entry.name)) == pid:
            found.append(int(entry.name))
    return found


def tree_cpu_seconds(pid: int) -> float:
    """CPU of a process, its live children, and the children it has already reaped (cutime and
    cstime, in ticks): a PostgreSQL server's work in all its backends, including short-lived ones."""
    total = cpu_seconds(pid)
    with contextlib.suppress(OSError, ValueError, IndexError):
        fields = _stat_fields(pid)
        total += (int(fields[13]) + int(fields[14])) / CLOCK_TICKS
    for child in children_of(pid):
        with contextlib.suppress(OSError):  # it exited between the listing and the reading
            total += cpu_seconds(child)
    return total


def machine_cpu_seconds() -> tuple[float, float]:
    """(busy, all) CPU seconds of every core since boot, from /proc/stat: busy is everything but idle
    and iowait. Over a window, busy / wall clock = cores in use."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    user, nice, system, idle, iowait, irq, softirq, steal = fields
    busy = user + nice + system + irq + softirq + steal
    return busy / CLOCK_TICKS, (busy + idle + iowait) / CLOCK_TICKS


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, as /proc/loadavg says them."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


@dataclass
class Reading:
    """At one moment: CPU seconds of named processes and process trees; seconds the named processes
    waited for a core; the machine's busy CPU seconds."""

    processes: dict[str, float]
    waiting: dict[str, float]
    machine_busy: float

    @classmethod
    def take(cls, pids: dict[str, int], trees: dict[str, int] | None = None) -> Reading:
        sched = {name: sched_seconds(pid) for name, pid in pids.items()}
        processes = {name: on_cpu for name, (on_cpu, _) in sched.items()}
        processes.update({name: tree_cpu_seconds(pid) for name, pid in (trees or {}).items()})
        return cls(processes, {name: waited for name, (_, waited) in sched.items()}, machine_cpu_seconds()[0])

    def since(self, earlier: Reading) -> Reading:
        return Reading(
            {name: value - earlier.processes[name] for name, value in self.processes.items()},
            {name: value - earlier.waiting[name] for name, value in self.waiting.items()},
            self.machine_busy - earlier.machine_busy,
        )
