/**
 * The docs cannot drift from the API. The ```ts samples of `docs/**\/*.md` and `README.md` are
 * type-checked by `npm test`'s type check (test/tools/typecheck.mjs), in the same program as the
 * sources; this file checks how they are found, the generated tables of the guides
 * (`docs/tools/tables.ts`), and that the migration guide covers the official SDK.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import * as Sdk from "@aws-sdk/client-codepipeline"
import { extract, tables } from "../docs/tools/tables.js"
import { routes } from "../packages/core/src/emulator/routes.js"
import { operations } from "../src/services/operations.js"
import { DEFAULT_FLAVOR, extractBlocks, markdownFiles } from "./tools/docsSamples.mjs"

const root = fileURLToPath(new URL("..", import.meta.url))

describe("docs", () => {
  it("every guide and the packages' READMEs are searched for samples, the generated API reference aside", () => {
    const files = markdownFiles(root)
    expect(files).toContain("README.md")
    expect(files).toContain("packages/effect3/README.md")
    expect(files).toContain("docs/getting-started.md")
    expect(files.some((f) => f.startsWith("docs/api/"))).toBe(false)
    expect(files.flatMap((f) => extractBlocks(f, fs.readFileSync(path.join(root, f), "utf8"))).length).toBeGreaterThan(50)
  })

  it("a sample is a ts or typescript block, in a list or a quote too; nocheck, other languages and inline code are not", () => {
    const text = [
      "```ts",
      "const a = 1",
      "```",
      "1. step",
      "   ```typescript",
      "   const b = 2",
      "   ```",
      "> ```ts",
      "> const c = 3",
      "> ```",
      "```ts nocheck",
      "const d = 4",
      "```",
      "```sh",
      "npm test",
      "```",
      "```ts`inline`",
    ].join("\n")
    expect(extractBlocks("x.md", text)).toEqual([
      { file: "x.md", line: 1, code: "const a = 1", flavor: DEFAULT_FLAVOR },
      { file: "x.md", line: 5, code: "const b = 2", flavor: DEFAULT_FLAVOR },
      { file: "x.md", line: 8, code: "const c = 3", flavor: DEFAULT_FLAVOR },
    ])
  })

  it("a sample fenced ts effect3 is compiled against the Effect 3 flavor", () => {
    expect(extractBlocks("x.md", ["```ts effect3", "const a = 1", "```"].join("\n"))).toEqual([
      { file: "x.md", line: 1, code: "const a = 1", flavor: "effect3" },
    ])
  })

  it("a longer fence holds a shorter one", () => {
    expect(extractBlocks("x.md", ["````ts", "const s = `", "```", "`", "````"].join("\n"))).toEqual([
      { file: "x.md", line: 1, code: "const s = `\n```\n`", flavor: DEFAULT_FLAVOR },
    ])
  })

  it.each(tables.map((t) => [t.file, t.name, t] as const))(
    "docs/%s: the generated %s table is up to date (npx tsx docs/tools/tables.ts)",
    (file, name, { render }) => {
      const text = fs.readFileSync(path.join(root, "docs", file), "utf8")
      expect(extract(text, name), `docs/${file} has no generated ${name} table`).toBeDefined()
      expect(extract(text, name)).toBe(render())
    },
  )

  it("docs/emulator.md shows a curl call for every control of the emulator, and for no control it does not have", () => {
    const text = fs.readFileSync(path.join(root, "docs", "emulator.md"), "utf8")
    const shown = new Set(
      [...text.matchAll(/^curl [^\n]*?(?:-X (GET|POST|PUT|DELETE) )?"\$api\/([^"?]+)/gm)].map(
        ([, method, route]) => `${method ?? "GET"} ${route}`,
      ),
    )
    expect([...shown].sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort())
  })

  it("the migration guide covers every command and paginator of @aws-sdk/client-codepipeline", () => {
    const sdkCommands = Object.keys(Sdk)
      .filter((k) => k.endsWith("Command") && k !== "$Command")
      .sort()
    const ours = Object.values(operations)
      .map((op) => `${op.name}Command`)
      .sort()
    expect(ours).toEqual(sdkCommands)
    const sdkPaginators = Object.keys(Sdk)
      .filter((k) => k.startsWith("paginate"))
      .sort()
    const paginated = Object.values(operations)
      .flatMap((op) => ("paginator" in op && op.paginator ? [`paginate${op.name}`] : []))
      .sort()
    expect(paginated).toEqual(sdkPaginators)
  })
})
