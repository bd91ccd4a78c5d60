import { fileURLToPath } from "node:url"
import { configDefaults, defineConfig } from "vitest/config"

// Not ../../vitest.shared.ts: that file resolves the root's vitest 5, and this flavor runs vitest 3
// (which @effect/vitest 0.27 needs). The rules are the same: slow suites run only in the full
// suite, and the property tests are seeded by the test runner (test/support/propertySeed.ts).
const exclude = [...configDefaults.exclude, ...(process.env["TEST_ALL"] ? [] : ["**/*.slow.test.ts"])]
const setupFiles = [fileURLToPath(new URL("../../test/support/propertySeed.ts", import.meta.url))]

export default defineConfig({
  // Examples and docs import the package by name, as users do; the core and the emulator are read from their sources.
  resolve: {
    alias: [
      { find: /^@effect-codepipeline\/effect3$/, replacement: new URL("./src/index.ts", import.meta.url).pathname },
      { find: /^@effect-codepipeline\/effect3\/testing$/, replacement: new URL("./src/testing/index.ts", import.meta.url).pathname },
      { find: /^@effect-codepipeline\/effect3\/Schemas$/, replacement: new URL("./src/schema/Schemas.ts", import.meta.url).pathname },
      // `#live` (package.json's `imports`) as a bundler resolves it: the live client imported statically.
      { find: /^#live$/, replacement: new URL("./src/services/internal/liveModule.ts", import.meta.url).pathname },
      { find: /^@effect-codepipeline\/core\/(.*)$/, replacement: `${new URL("../core/src/", import.meta.url).pathname}$1.ts` },
      { find: /^@effect-codepipeline\/emulator$/, replacement: new URL("../emulator/src/Emulator.ts", import.meta.url).pathname },
      { find: /^@effect-codepipeline\/emulator\/(.*)$/, replacement: `${new URL("../emulator/src/", import.meta.url).pathname}$1.ts` },
    ],
  },
  test: {
    name: "effect3",
    include: ["test/**/*.test.ts"],
    exclude,
    setupFiles,
    reporters: ["default"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Test files share a worker's module cache instead of loading effect and the SDK afresh each:
    // module loading was most of the run (collect 49 s of 239 s, and the suite 4.4 -> 2.9 min).
    // No test may leave global state behind (environment variables, globals) for that reason.
    isolate: false,
  },
})
