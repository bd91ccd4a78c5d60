// The ```ts samples of the guides, as modules the type check compiles (test/tools/typecheck.mjs).
//
// Every ```ts block of `docs/**/*.md` and `README.md` is written out as its own module under
// `.docs-check/` (gitignored), so that samples import the package by name, as users do, through the
// repository's `paths`. A block fenced ```ts nocheck is skipped (samples needing packages this
// repository does not install).
//
// Each sample is compiled against one flavor: a block fenced ```ts effect3 is Effect 3 code, for
// @effect-codepipeline/effect3 (packages/effect3's program, where `effect` is 3.x); any other block
// is of the default flavor. Plain JavaScript, because the test runner runs it before anything
// that could load TypeScript.
import * as fs from "node:fs"
import * as path from "node:path"

// The prefix is indentation and blockquote markers (`> `): a fence may sit in a list or a quote.
const FENCE = /^((?:[ \t]*>[ \t]?)*[ \t]*)(`{3,}|~{3,})\s*([\w-]*)\s*(.*)$/
const QUOTE = /^(?:[ \t]*>[ \t]?)*[ \t]*/

/** The markdown files whose samples are checked, relative to `root`: the packages' READMEs and docs/ (the generated API reference aside). */
export const markdownFiles = (root) => {
  const found = [
    "README.md",
    ...["effect3", "emulator"].map((p) => `packages/${p}/README.md`).filter((f) => fs.existsSync(path.join(root, f))),
  ]
  const walk = (dir) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.posix.join(dir, entry.name)
      if (entry.isDirectory()) {
        if (rel !== "docs/api") walk(rel)
      } else if (entry.name.endsWith(".md")) found.push(rel)
    }
  }
  if (fs.existsSync(path.join(root, "docs"))) walk("docs")
  return found.sort()
}

/** The ```ts / ```typescript blocks of a markdown text, without those marked `nocheck`: `{ file, line, code }`, line 1-based. */
export const extractBlocks = (file, text) => {
  const blocks = []
  const lines = text.split("\n")
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i])
    if (open === null) continue
    const [, indent, fence, lang, info] = open
    // As in CommonMark, the info string of a backtick fence has no backtick (else it is inline code).
    if (fence.startsWith("`") && info.includes("`")) continue
    const body = []
    let j = i + 1
    for (; j < lines.length; j++) {
      const close = lines[j]
      const bare = close.replace(QUOTE, "")
      if (bare.startsWith(fence) && bare.replace(/[`~]/g, "").trim() === "") break
      body.push(close.startsWith(indent) ? close.slice(indent.length) : bare)
    }
    const checked = (lang === "ts" || lang === "typescript") && !/\bnocheck\b/.test(info)
    if (checked) blocks.push({ file, line: i + 1, code: body.join("\n"), flavor: /\beffect3\b/.test(info) ? "effect3" : DEFAULT_FLAVOR })
    i = j
  }
  return blocks
}

/** The flavor of a sample not marked `effect3`: the guides are written for Effect 4, the root package. */
export const DEFAULT_FLAVOR = "effect4"

/** The package a flavor's samples import: the root package (Effect 4) or @effect-codepipeline/effect3. */
const PACKAGE = { effect4: "effect-codepipeline", effect3: "@effect-codepipeline/effect3" }

/**
 * Blocks that must fail to compile: if they type-check, the check is not checking anything (the
 * package did not resolve, or diagnostics are not collected).
 */
const canariesOf = (pkg) => [
  { name: "a type error", code: `const n: number = "one"\n` },
  {
    name: "a misspelt input member of an operation imported by package name",
    code: `import { CodePipeline } from "${pkg}"\nexport const x = CodePipeline.getPipelineState({ nmae: "release" })\n`,
  },
  {
    name: "an unknown tag in catchTag",
    code: `import { Effect } from "effect"\nimport { CodePipeline } from "${pkg}"\nexport const x = CodePipeline.getPipelineState({ name: "r" }).pipe(Effect.catchTag("NoSuchTag", () => Effect.void))\n`,
  },
]

/**
 * Writes every sample of `flavor` ("effect4" or "effect3") and the canaries of the markdown files
 * under `root` as modules of `outDir` (emptied first), and returns them, each with the `module` it
 * was written to. `outDir` is inside the flavor's package, so that a sample's `effect` is the
 * flavor's own.
 */
export const writeSamples = (root, { flavor, outDir }) => {
  const moduleName = (file, line) => path.join(outDir, file.replace(/\.md$/, "").replace(/[^\w-]+/g, "_"), `line-${line}.ts`)
  const samples = markdownFiles(root).flatMap((file) =>
    extractBlocks(file, fs.readFileSync(path.join(root, file), "utf8"))
      .filter((b) => b.flavor === flavor)
      .map((b) => ({ ...b, module: moduleName(file, b.line) })),
  )
  const canaries = canariesOf(PACKAGE[flavor]).map((c, i) => ({ ...c, module: path.join(outDir, "_canary", `canary-${i}.ts`) }))
  fs.rmSync(outDir, { recursive: true, force: true })
  for (const b of [...samples, ...canaries]) {
    fs.mkdirSync(path.dirname(b.module), { recursive: true })
    // `export {}` makes each block a module of its own, so blocks never share a global scope.
    fs.writeFileSync(b.module, `${b.code}\nexport {}\n`)
  }
  return { samples, canaries }
}
