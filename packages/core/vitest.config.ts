import { defineConfig } from "vitest/config"
import { packageTest } from "../../vitest.shared.js"

export default defineConfig({ test: packageTest("core") })
