import { defineConfig } from "vitest/config"
import { exclude, maxWorkers, setupFiles } from "../../vitest.shared.js"

export default defineConfig({
  test: {
    name: "core",
    include: ["test/**/*.test.ts"],
    exclude,
    setupFiles,
    ...(maxWorkers === undefined ? {} : { maxWorkers }),
    testTimeout: 30_000,
    isolate: false,
  },
})
