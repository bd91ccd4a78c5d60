import { readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"

describe("the Effect 4 flavor's runtime", () => {
  it("loads effect 4, not the Effect 3 copy hoisted to the repository's root", () => {
    const manifest = createRequire(import.meta.url).resolve("effect/package.json")
    expect(JSON.parse(readFileSync(manifest, "utf8")).version).toMatch(/^4\./)
  })

  it("runs on a Node that vitest 5 supports (the node@24 devDependency), whatever Node the machine has", () => {
    expect(Number(process.versions.node.split(".")[0])).toBeGreaterThanOrEqual(22)
  })

  it.effect("runs Effect programs through @effect/vitest 4", () =>
    Effect.gen(function* () {
      expect(yield* Effect.succeed(1)).toBe(1)
    }),
  )
})
