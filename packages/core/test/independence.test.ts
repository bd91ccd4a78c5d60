/**
 * The core runs where Effect is not installed: it neither depends on nor imports `effect` or any
 * `@effect/*` package.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { describe, expect, it } from "vitest"

const root = new URL("..", import.meta.url).pathname
const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"))

const sources = (dir: string): Array<string> =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    return entry.isDirectory() ? sources(full) : entry.name.endsWith(".ts") ? [full] : []
  })

const isEffect = (specifier: string) => specifier === "effect" || specifier.startsWith("effect/") || specifier.startsWith("@effect/")

describe("the core package", () => {
  it("declares no dependency on effect or @effect/*", () => {
    for (const field of ["dependencies", "peerDependencies", "optionalDependencies"]) {
      expect(Object.keys(manifest[field] ?? {}).filter(isEffect), field).toEqual([])
    }
  })

  it("imports neither effect nor @effect/* from any source file", () => {
    const files = sources(path.join(root, "src"))
    expect(files.length).toBeGreaterThan(5)
    const offending = files.flatMap((file) => {
      const text = fs.readFileSync(file, "utf8")
      const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1]!)
      return specifiers.filter(isEffect).map((s) => `${path.relative(root, file)}: ${s}`)
    })
    expect(offending).toEqual([])
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
