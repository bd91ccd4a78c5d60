/**
 * `#live` (package.json's `imports`): bundlers read `src/services/internal/liveModule.ts`, which
 * imports the live client with the package, and Node reads `liveModule.node.ts`, which imports it
 * when a live layer is first built. Both must give the one live client module.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { readFileSync } from "node:fs"
import * as Live from "../src/services/internal/live.js"
import { live as imported } from "../src/services/internal/liveModule.js"
import { live as loadedOnFirstUse } from "../src/services/internal/liveModule.node.js"

describe("the live client's module (#live)", () => {
  it.effect("is the same module whether imported with the package or on first use", () =>
    Effect.gen(function* () {
      expect(yield* imported).toBe(Live)
      expect(yield* loadedOnFirstUse).toBe(Live)
    }),
  )

  it("names the module bundlers read under `module` and the one Node reads under `default`", () => {
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"))
    expect(manifest.imports["#live"]).toEqual({
      types: "./src/services/internal/liveModule.ts",
      module: "./dist/src/services/internal/liveModule.js",
      default: "./dist/src/services/internal/liveModule.node.js",
    })
  })
})
