import { readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { join } from "node:path"
import { describe, expect, it } from "vitest"

const root = join(import.meta.dirname, "..")

/**
 * Each Effect flavor of the SDK and the folder its sources live in. Workspaces resolve `effect` by
 * folder: a flavor whose own copy is missing silently gets the one hoisted to the root, which may be
 * the other major.
 */
const flavors = [
  { name: "effect-codepipeline (root)", dir: root },
  { name: "@effect-codepipeline/effect4-next", dir: join(root, "packages", "effect4-next") },
]

const majorOf = (range: string) => Number(/\d+/.exec(range)?.[0])

describe("each flavor loads the Effect major it declares", () => {
  for (const { name, dir } of flavors) {
    it(name, () => {
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"))
      const declared: string = manifest.peerDependencies?.effect ?? manifest.dependencies?.effect
      const resolved = createRequire(join(dir, "src", "index.ts")).resolve("effect/package.json")
      const loaded: string = JSON.parse(readFileSync(resolved, "utf8")).version
      expect({ name, major: majorOf(loaded) }).toEqual({ name, major: majorOf(declared) })
    })
  }
})
