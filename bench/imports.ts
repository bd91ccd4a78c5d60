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
 */
const times: Array<number> = []
for (const specifier of process.argv.slice(2)) {
  await new Promise((resolve) => setTimeout(resolve, 0))
  const t0 = performance.now()
  await import(specifier)
  times.push(performance.now() - t0)
}
process.stdout.write(JSON.stringify({ times, total: performance.now() }) + "\n")
export {}
