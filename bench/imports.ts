/**
 * Import-time probe (compiled, not bundled, and run with plain `node`): imports each specifier of
 * argv in order and prints the milliseconds each import took, once the previous ones are loaded.
 */
const times: Array<number> = []
for (const specifier of process.argv.slice(2)) {
  const t0 = performance.now()
  await import(specifier)
  times.push(performance.now() - t0)
}
process.stdout.write(JSON.stringify({ times, total: performance.now() }) + "\n")
export {}
