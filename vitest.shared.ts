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
