/**
 * Both flavors' generated schemas of blobs, longs, floats and doubles (the synthetic model of
 * test/support/syntheticShapes.ts) type-check against their builders: the interfaces the generator
 * writes are what the builders' schemas decode to. Slow: a compiler program per flavor.
 */
import * as path from "node:path"
import ts from "typescript"
import { describe, expect, it } from "vitest"
import { effect3Shapes, effect4Shapes, type ShapesFlavor } from "../codegen/shapes.js"
import { writeShapes } from "./support/syntheticShapes.js"

const root = path.join(import.meta.dirname, "..")

/** The compiler's errors on `file`, as `tsconfig.base.json` sets the compiler. */
const typeErrors = (file: string): Array<string> => {
  const { config } = ts.readConfigFile(path.join(root, "tsconfig.base.json"), ts.sys.readFile)
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root)
  const program = ts.createProgram([file], { ...options, noEmit: true, noUnusedLocals: false })
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`)
}

const flavors: ReadonlyArray<readonly [name: string, flavor: ShapesFlavor, dir: string]> = [
  ["the Effect 4 flavor", effect4Shapes, root],
  ["the Effect 3 flavor", effect3Shapes, path.join(root, "packages", "effect3")],
]

describe("generated schemas of blobs, longs, floats and doubles type-check against the builders", () => {
  for (const [name, flavor, dir] of flavors) {
    it(name, () => {
      // Inside the flavor's folder, so that its builders resolve its own effect.
      const file = path.join(dir, ".codegen-check", "shapes-types", "shapes.ts")
      writeShapes(flavor, path.join(dir, "src", "schema"), file)
      expect(typeErrors(file)).toEqual([])
    }, 60_000)
  }
})
