import { defineConfig } from "vitest/config"
import { exclude, setupFiles } from "../../vitest.shared.js"

export default defineConfig({
  test: {
    name: "core",
    include: ["test/**/*.test.ts"],
    exclude,
    setupFiles,
    testTimeout: 30_000,
    isolate: false,
  },
})
