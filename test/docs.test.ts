/**
 * The docs cannot drift from the API: every ```ts block of `docs/**\/*.md` and `README.md` is written
 * out as its own module under `.docs-check/` (gitignored) and type-checked in one TypeScript program
 * with the repository's compiler options and `paths`, so samples import the package by name, as
 * users do. A block fenced ```ts nocheck is skipped (samples needing packages this repo does not
 * install). One test per markdown file; a failure names the file, line and compiler message.
 *
 * The generated tables of the guides (`docs/tools/tables.ts`) are checked here too.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"
import { beforeAll, describe, expect, it } from "vitest"
import * as Sdk from "@aws-sdk/client-codepipeline"
import { extract, tables } from "../docs/tools/tables.js"
import { operations } from "../src/services/operations.js"

const root = fileURLToPath(new URL("..", import.meta.url))
const outDir = path.join(root, ".docs-check")

interface Block {
  /** The markdown file, relative to the repository. */
  readonly file: string
  /** Line of the opening fence in the markdown file (1-based). */
  readonly line: number
  readonly code: string
  /** Where the block is written. */
  readonly module: string
}

const markdownFiles = (): ReadonlyArray<string> => {
  const found: Array<string> = ["README.md"]
  const walk = (dir: string) => {
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

// The prefix is indentation and blockquote markers (`> `): a fence may sit in a list or a quote.
const FENCE = /^((?:[ \t]*>[ \t]?)*[ \t]*)(`{3,}|~{3,})\s*([\w-]*)\s*(.*)$/
const QUOTE = /^(?:[ \t]*>[ \t]?)*[ \t]*/

/** The ```ts / ```typescript blocks of a markdown text, without those marked `nocheck`. */
const extractBlocks = (file: string, text: string): ReadonlyArray<Omit<Block, "module">> => {
  const blocks: Array<Omit<Block, "module">> = []
  const lines = text.split("\n")
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!)
    if (open === null) continue
    const [, indent, fence, lang, info] = open as unknown as [string, string, string, string, string]
    // As in CommonMark, the info string of a backtick fence has no backtick (else it is inline code).
    if (fence.startsWith("`") && info.includes("`")) continue
    const body: Array<string> = []
    let j = i + 1
    for (; j < lines.length; j++) {
      const close = lines[j]!
      const bare = close.replace(QUOTE, "")
      if (bare.startsWith(fence) && bare.replace(/[`~]/g, "").trim() === "") break
      body.push(close.startsWith(indent) ? close.slice(indent.length) : bare)
    }
    const checked = (lang === "ts" || lang === "typescript") && !/\bnocheck\b/.test(info)
    if (checked) blocks.push({ file, line: i + 1, code: body.join("\n") })
    i = j
  }
  return blocks
}

const moduleName = (file: string, line: number) => path.join(outDir, file.replace(/\.md$/, "").replace(/[^\w-]+/g, "_"), `line-${line}.ts`)

const files = markdownFiles()
const blocks: ReadonlyArray<Block> = files.flatMap((file) =>
  extractBlocks(file, fs.readFileSync(path.join(root, file), "utf8")).map((b) => ({ ...b, module: moduleName(file, b.line) })),
)

/**
 * Blocks that must fail, compiled in the same program: if they type-check, the harness is not
 * checking anything (the package did not resolve, or diagnostics are not collected).
 */
const canaries = [
  { name: "a type error", code: `const n: number = "one"\nexport {}\n` },
  {
    name: "a misspelt input member of an operation imported by package name",
    code: `import { CodePipeline } from "effect-codepipeline"\nexport const x = CodePipeline.getPipelineState({ nmae: "release" })\n`,
  },
  {
    name: "an unknown tag in catchTag",
    code: `import { Effect } from "effect"\nimport { CodePipeline } from "effect-codepipeline"\nexport const x = CodePipeline.getPipelineState({ name: "r" }).pipe(Effect.catchTag("NoSuchTag", () => Effect.void))\n`,
  },
].map((c, i) => ({ ...c, module: path.join(outDir, "_canary", `canary-${i}.ts`) }))

const format = (d: ts.Diagnostic) => ts.flattenDiagnosticMessageText(d.messageText, "\n")

let diagnostics: Map<string, ReadonlyArray<ts.Diagnostic>> | undefined
let global: ReadonlyArray<ts.Diagnostic> = []

const compile = () => {
  fs.rmSync(outDir, { recursive: true, force: true })
  for (const b of [...blocks, ...canaries]) {
    fs.mkdirSync(path.dirname(b.module), { recursive: true })
    // `export {}` makes each block a module of its own, so blocks never share a global scope.
    fs.writeFileSync(b.module, `${b.code}\nexport {}\n`)
  }
  const configPath = path.join(root, "tsconfig.json")
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile)
  if (error !== undefined) throw new Error(format(error))
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root, undefined, configPath)
  const options: ts.CompilerOptions = {
    ...parsed.options,
    noEmit: true,
    declaration: false,
    sourceMap: false,
    // Incremental: a second run re-checks only the samples (and sources) that changed.
    incremental: true,
    tsBuildInfoFile: path.join(root, "node_modules", ".cache", "tsc", "docs.tsbuildinfo"),
    // A sample may define a value only to show it; the rest of the repository's settings apply.
    noUnusedLocals: false,
    noUnusedParameters: false,
  }
  const builder = ts.createIncrementalProgram({ rootNames: [...blocks, ...canaries].map((b) => b.module), options })
  const program = builder.getProgram()
  global = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()]
  diagnostics = new Map(
    [...blocks, ...canaries].map((b) => {
      const source = program.getSourceFile(b.module)
      if (source === undefined) throw new Error(`${b.module} is not in the program`)
      return [b.module, [...builder.getSyntacticDiagnostics(source), ...builder.getSemanticDiagnostics(source)]] as const
    }),
  )
  // With noEmit, emitting writes only the build info the next run starts from.
  fs.mkdirSync(path.dirname(options.tsBuildInfoFile!), { recursive: true })
  builder.emit()
}

const problemsOf = (block: Block): ReadonlyArray<string> =>
  (diagnostics!.get(block.module) ?? []).map((d) => {
    // Line 1 of the block is the line after the opening fence.
    const at = d.file !== undefined && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined
    const where = at === undefined ? `${block.file}:${block.line}` : `${block.file}:${block.line + 1 + at.line}:${at.character + 1}`
    return `${where} (block at line ${block.line}): TS${d.code} ${format(d)}`
  })

describe("docs", () => {
  beforeAll(compile, 120_000)

  it("the harness reports errors (canaries fail to compile)", () => {
    expect(global.map(format)).toEqual([])
    for (const canary of canaries) {
      expect(diagnostics!.get(canary.module)?.length ?? 0, canary.name).toBeGreaterThan(0)
    }
  })

  it.each(files)("%s: every ts sample type-checks", (file) => {
    const problems = blocks.filter((b) => b.file === file).flatMap(problemsOf)
    if (problems.length > 0) expect.fail(`${problems.length} type error(s) in samples of ${file}:\n${problems.join("\n")}`)
  })

  it.each(tables.map((t) => [t.file, t.name, t] as const))(
    "docs/%s: the generated %s table is up to date (npx tsx docs/tools/tables.ts)",
    (file, name, { render }) => {
      const text = fs.readFileSync(path.join(root, "docs", file), "utf8")
      expect(extract(text, name), `docs/${file} has no generated ${name} table`).toBeDefined()
      expect(extract(text, name)).toBe(render())
    },
  )

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
