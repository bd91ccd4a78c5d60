/**
 * Import-time probe (compiled, not bundled, and run with plain `node`): imports each specifier of
 * argv in order and prints the milliseconds each import took, once the previous ones are loaded.
 *
 * Each import starts after a turn of the event loop, so that work the previous import left queued
 * runs before the clock starts instead of being charged to the next import. Loading `effect` and
 * `@effect/platform` leaves V8 a scavenge of their garbage to run as a task (~15 ms on the 2-core
 * bench machine): without the turn, an empty module imported after them took 1–2 ms in about half
 * of the processes and 16–28 ms in the others, so the median of 9 flipped between ~2 and ~18 ms;
 * with it, 1–4 ms in every process.
 *
 * Before every import but the first, a full collection too. Importing `effect` starts an
 * incremental mark of the old generation (its heap reaches ~40 MB, 23 MB live) that V8 finishes
 * with a task: a turn of the event loop does not wait for it, so it landed in whatever imported
 * next, provided that import lasted long enough (`--trace-gc`, 2026-12-05: a mark-compact of
 * 5.8–6.0 ms plus 2.2–2.4 ms of marking steps inside the package's import, none inside an empty
 * module's). That is `effect`'s garbage, not the package's: the next import is charged only what
 * it collects itself. Measured the same day on Node 24 (the bench's import measure, 9 processes):
 * the Effect 4 flavor 35.0 → 25.0 ms, the Effect 3 flavor 28.3 → 18.7 ms.
 */
import * as V8 from "node:v8"
import * as Vm from "node:vm"

const times: Array<number> = []
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))
// `gc` without `--expose-gc` on the command line, and the flag set back at once: with the flag on
// (from the command line, or left on), V8's flags no longer match those Node's built-in code cache
// was made with, and importing the official SDK took ~67 ms instead of ~49.
V8.setFlagsFromString("--expose-gc")
const gc = Vm.runInNewContext("gc") as () => void
V8.setFlagsFromString("--no-expose-gc")
for (const specifier of process.argv.slice(2)) {
  await settle()
  if (times.length > 0) {
    gc()
    await settle()
  }
  const t0 = performance.now()
  await import(specifier)
  times.push(performance.now() - t0)
}
process.stdout.write(JSON.stringify({ times, total: performance.now() }) + "\n")
