import { defineConfig } from "vitest/config"
import { exclude, maxWorkers, setupFiles } from "./vitest.shared.js"

export default defineConfig({
  // Examples and docs import the package by name, as users do; the core and the emulator are read from their sources.
  resolve: {
    alias: [
      { find: /^effect-codepipeline$/, replacement: new URL("./src/index.ts", import.meta.url).pathname },
      { find: /^effect-codepipeline\/testing$/, replacement: new URL("./src/testing/index.ts", import.meta.url).pathname },
      { find: /^effect-codepipeline\/Schemas$/, replacement: new URL("./src/schema/Schemas.ts", import.meta.url).pathname },
      // `#live` (package.json's `imports`) as a bundler resolves it: the live client imported statically.
      { find: /^#live$/, replacement: new URL("./src/services/internal/liveModule.ts", import.meta.url).pathname },
      { find: /^@effect-codepipeline\/core\/(.*)$/, replacement: `${new URL("./packages/core/src/", import.meta.url).pathname}$1.ts` },
      { find: /^@effect-codepipeline\/emulator$/, replacement: new URL("./packages/emulator/src/Emulator.ts", import.meta.url).pathname },
      {
        find: /^@effect-codepipeline\/emulator\/(.*)$/,
        replacement: `${new URL("./packages/emulator/src/", import.meta.url).pathname}$1.ts`,
      },
    ],
  },
  test: {
    reporters: ["default", "json"],
    outputFile: { json: ".vitest-report.json" },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Test files share a worker's module cache instead of loading effect and the SDK afresh each:
    // module loading was most of the run (collect 49 s of 239 s, and the suite 4.4 -> 2.9 min).
    // No test may leave global state behind (environment variables, globals) for that reason.
    isolate: false,
    setupFiles,
    ...(maxWorkers === undefined ? {} : { maxWorkers }),
    // The Effect 3 flavor (packages/effect3) runs its own vitest 3, which @effect/vitest 0.27 needs.
    projects: [{ extends: true, test: { name: "sdk", include: ["test/**/*.test.ts"], exclude } }, "packages/core", "packages/emulator"],
  },
})
