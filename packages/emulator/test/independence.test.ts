/**
 * The emulator runs where Effect is not installed: it depends on the core only, and neither
 * depends on nor imports `effect` or any `@effect/*` package.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { describe, expect, it } from "vitest"

const root = new URL("..", import.meta.url).pathname
const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"))

// The file walk mirrors the core's independence test (`packages/core/test/independence.test.ts`):
// this package's tests import nothing from outside it.
const sources = (dir: string): Array<string> =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    return entry.isDirectory() ? sources(full) : entry.name.endsWith(".ts") ? [full] : []
  })

const isEffect = (specifier: string) => specifier === "effect" || specifier.startsWith("effect/") || specifier.startsWith("@effect/")

describe("the emulator package", () => {
  it("depends on the core only", () => {
    expect(Object.keys(manifest.dependencies ?? {})).toEqual(["@effect-codepipeline/core"])
    for (const field of ["peerDependencies", "optionalDependencies"]) expect(Object.keys(manifest[field] ?? {}), field).toEqual([])
  })

  it("imports nothing but node: modules, the core and its own files", () => {
    const files = sources(path.join(root, "src"))
    expect(files.length).toBeGreaterThan(3)
    const offending = files.flatMap((file) => {
      // Without comments: the examples in TSDoc import the package by name.
      const text = fs.readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*/g, "")
      const specifiers = [...text.matchAll(/\bfrom\s+["']([^"']+)["']|^\s*import\s+["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']/gm)].map(
        (m) => (m[1] ?? m[2] ?? m[3])!,
      )
      return specifiers
        .filter((s) => !(s.startsWith("node:") || s.startsWith("./") || s.startsWith("@effect-codepipeline/core/")))
        .map((s) => `${path.relative(root, file)}: ${s}`)
    })
    expect(offending).toEqual([])
  })

  it("the check sees an Effect import (it checks something)", () => {
    expect(isEffect("effect/Effect") && isEffect("@effect/platform") && !isEffect("@effect-codepipeline/core/Emulator")).toBe(true)
  })

  it("tests itself without Effect: no test imports effect, @effect/* or anything outside the package", () => {
    const files = sources(path.join(root, "test"))
    expect(files.length).toBeGreaterThan(3)
    const offending = files.flatMap((file) => {
      const text = fs.readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*/g, "")
      const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1]!)
      return specifiers
        .filter((s) => isEffect(s) || (s.startsWith(".") && !path.resolve(path.dirname(file), s).startsWith(root)))
        .map((s) => `${path.relative(root, file)}: ${s}`)
    })
    expect(offending).toEqual([])
  })
})
