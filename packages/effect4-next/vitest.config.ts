import { configDefaults, defineConfig } from "vitest/config"

// Not ../../vitest.shared.ts: that file resolves the root's vitest 3, and this flavor runs vitest 5
// (which @effect/vitest 4.1 needs). The rule is the same: slow suites run only in the full suite.
const exclude = [...configDefaults.exclude, ...(process.env["TEST_ALL"] ? [] : ["**/*.slow.test.ts"])]

export default defineConfig({
  // The core and the emulator are read from their sources, as in the root project.
  resolve: {
    alias: [
      { find: /^@effect-codepipeline\/core\/(.*)$/, replacement: `${new URL("../core/src/", import.meta.url).pathname}$1.ts` },
      { find: /^@effect-codepipeline\/emulator$/, replacement: new URL("../emulator/src/Emulator.ts", import.meta.url).pathname },
    ],
  },
  test: {
    name: "effect4",
    include: ["test/**/*.test.ts"],
    exclude,
    testTimeout: 30_000,
    isolate: false,
  },
})
