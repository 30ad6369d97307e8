"""Run a module under cProfile, switched on and off from outside: ``python -m bench.profiled bot``.

``bench.interactions --profile FILE`` starts both bots this way and sends SIGUSR1 before each of
their measured rounds and SIGUSR2 after, so start-up and warm-up stay out of the profile; each SIGUSR2
writes the statistics so far to $BENCH_PROFILE (read them with ``python -m pstats FILE``), and the
garbage collector's work meanwhile (collections and seconds, by generation) to $BENCH_PROFILE.gc.json.
Only the main thread (the event loop) is profiled; the database thread's CPU is reported beside the
figures. For the benchmark only: the bot itself knows nothing of it.
"""

from __future__ import annotations

import cProfile
import gc
import json
import os
import runpy
import signal
import sys
import time
from pathlib import Path


class GcWatch:
    """Collections and the loop thread's CPU seconds spent in them, by generation, while on."""

    def __init__(self) -> None:
        self.on = False
        self.collections = [0, 0, 0]
        self.seconds = [0.0, 0.0, 0.0]
        self.collected = 0
        self._started = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if not self.on:
            return
        if phase == "start":
            self._started = time.thread_time()
            return
        generation = info["generation"]
        self.collections[generation] += 1
        self.seconds[generation] += time.thread_time() - self._started
        self.collected += info["collected"]

    def summary(self) -> dict:
        return {
            "collections": self.collections,
            "seconds": [round(s, 4) for s in self.seconds],
            "collected": self.collected,
            "tracked_objects": len(gc.get_objects()),
        }


def main() -> None:
    if len(sys.argv) < 2:
        raise SystemExit("usage: python -m bench.profiled MODULE [ARGS...]")
    out = os.environ["BENCH_PROFILE"]
    # Timed in the thread's CPU time, not wall-clock: waiting (for the network, for the GIL while the
    # database's thread holds it) is not the loop's work. The timer's own cost inflates small calls.
    profiler = cProfile.Profile(time.thread_time_ns, 1e-9)
    watch = GcWatch()
    gc.callbacks.append(watch)

    def start(_signum: int, _frame: object) -> None:
        watch.on = True
        profiler.enable()

    def stop(_signum: int, _frame: object) -> None:
        profiler.disable()
        watch.on = False
        profiler.dump_stats(out)
        Path(f"{out}.gc.json").write_text(json.dumps(watch.summary()))

    signal.signal(signal.SIGUSR1, start)
    signal.signal(signal.SIGUSR2, stop)
    module, sys.argv = sys.argv[1], sys.argv[1:]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
