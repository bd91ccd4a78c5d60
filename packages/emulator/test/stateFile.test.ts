/**
 * Rendering the state file (`StateFile.renderJson`): a piece at a time, letting requests in
 * between, and exactly what `JSON.stringify(value, null, 2)` writes.
 */
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { renderJson } from "../src/StateFile.js"

describe("rendering the state file", () => {
  const rendered = async (value: unknown) => {
    const out: Array<Buffer> = []
    await renderJson(value, async (chunks) => {
      out.push(...chunks)
    })
    return Buffer.concat(out).toString("utf8")
  }

  it("writes, a piece at a time, exactly what JSON.stringify(value, null, 2) writes, frozen values too", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 9 }), async (value) => {
        expect(await rendered(value)).toBe(JSON.stringify(value, null, 2))
      }),
      { numRuns: 300, seed: 20150709 },
    )
    const frozen = (v: unknown): unknown => {
      if (typeof v === "object" && v !== null) {
        for (const x of Object.values(v)) frozen(x)
        Object.freeze(v)
      }
      return v
    }
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 9 }), async (value) => {
        const text = JSON.stringify(value, null, 2)
        const v = frozen(value)
        // Twice: the second time from the bytes kept for frozen values.
        expect(await rendered(v)).toBe(text)
        expect(await rendered(v)).toBe(text)
      }),
      { numRuns: 200, seed: 20150710 },
    )
    const odd = {
      a: undefined,
      b: () => 1,
      c: [undefined, () => 1, Symbol("s")],
      d: { toJSON: () => "json" },
      ["__proto__"]: { e: [[[[[[1]]]]]] },
    }
    expect(await rendered(odd)).toBe(JSON.stringify(odd, null, 2))
  })
})
