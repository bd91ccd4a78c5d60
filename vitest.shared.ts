import { availableParallelism } from "node:os"
import { fileURLToPath } from "node:url"
import { configDefaults } from "vitest/config"

/**
 * What every vitest project of this repository leaves out. Slow suites (`*.slow.test.ts`: the differential
 * verification against the official SDK, packing packages, spawning processes, the AWS CLI, moto, load and real-clock tests) run only in the full suite
 * (`npm run test:all`, which sets TEST_ALL), so that `npm test` stays an inner loop.
 */
export const exclude = [...configDefaults.exclude, ...(process.env["TEST_ALL"] ? [] : ["**/*.slow.test.ts"])]

/** Setup files of every project: the seed of the property tests (test/support/propertySeed.ts). */
export const setupFiles = [fileURLToPath(new URL("./test/support/propertySeed.ts", import.meta.url))]

/**
 * Workers of every project (vitest 5 runs projects with the same worker count together): vitest's
 * default is a worker per core but one, a single worker on a 2-core machine, which ran every file
 * one after the other while its process sat idle for most of the time (timers, sockets, child
 * processes: 72% idle in a CPU profile of jobworker.test.ts). Two workers overlap the waits. The
 * full suite keeps vitest's default: its slow suites measure latency under load and spawn
 * processes, and must not share the machine with a second worker.
 */
export const maxWorkers = process.env["TEST_ALL"] ? undefined : Math.max(2, availableParallelism() - 1)

/**
 * The test options of a workspace package's project (packages/core, packages/emulator): its
 * `test/**` files, with every project's exclusions, setup and workers. Test files share a worker's
 * module cache, as in the root's project (vitest.config.ts says why).
 */
export const packageTest = (name: string) => ({
  name,
  include: ["test/**/*.test.ts"],
  exclude,
  setupFiles,
  ...(maxWorkers === undefined ? {} : { maxWorkers }),
  testTimeout: 30_000,
  isolate: false,
})
