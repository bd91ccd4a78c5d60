import { defineConfig } from "vitest/config"
import { packageTest } from "../../vitest.shared.js"

export default defineConfig({
  // The core is read from its sources, as in the root project.
  resolve: {
    alias: [{ find: /^@effect-codepipeline\/core\/(.*)$/, replacement: `${new URL("../core/src/", import.meta.url).pathname}$1.ts` }],
  },
  test: {
    ...packageTest("emulator"),
    // The official SDK warns about Node 20 once per process; the warning is not about these tests.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  },
})
