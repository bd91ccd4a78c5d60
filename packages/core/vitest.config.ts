import { defineConfig } from "vitest/config"
import { exclude } from "../../vitest.shared.js"

export default defineConfig({
  test: {
    name: "core",
    include: ["test/**/*.test.ts"],
    exclude,
    testTimeout: 30_000,
    isolate: false,
  },
})
