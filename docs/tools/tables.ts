/**
 * The generated tables of the guides, rendered from the operation table (`src/services/operations.ts`,
 * itself generated from the Smithy model) and from the core's constants, so that they cannot drift
 * from the API:
 *
 * - `docs/migration.md`: each `@aws-sdk/client-codepipeline` command and its function here;
 * - `docs/pagination.md`: each paginated operation, its streams and its token members;
 * - `docs/errors.md`: the codes of each common error (the core's `Protocol.commonErrorCodes`);
 * - `docs/retries.md`: the standard mode's backoff bounds (the core's `Retry.standardMode`).
 *
 * Each table sits between `<!-- BEGIN GENERATED: name -->` and `<!-- END GENERATED: name -->`,
 * indented as the begin marker is (inside a list item, for example).
 * `npx tsx docs/tools/tables.ts` (run by `npm run docs`) rewrites them; `test/docs.test.ts` fails when
 * a committed table differs from what this renders.
 */
import * as fs from "node:fs"
import { commonErrorCodes } from "@effect-codepipeline/core/Protocol"
import { standardMode } from "@effect-codepipeline/core/Retry"
import * as Ops from "../../src/services/operations.js"

type AnyOperation = (typeof Ops.operations)[keyof typeof Ops.operations]

const all: ReadonlyArray<AnyOperation> = Object.values(Ops.operations)

const code = (s: string) => `\`${s}\``

/** `input` or `input?`: the function's input is optional when it has a default (`(input = {}) =>`). */
const inputOf = (method: string): string => {
  const fn = (Ops as unknown as Record<string, (...args: ReadonlyArray<unknown>) => unknown>)[method]
  if (typeof fn !== "function") throw new Error(`operations.ts exports no function ${method}`)
  return fn.length === 0 ? "input?" : "input"
}

const commands = (): string => {
  const rows = all.map((op) => {
    const errors = Object.keys(op.errors).sort().map(code).join(", ")
    return `| ${code(`${op.name}Command`)} | ${code(`CodePipeline.${op.method}(${inputOf(op.method)})`)} | ${code(`CodePipeline.${op.name}Error`)} | ${errors} |`
  })
  return [
    "| `@aws-sdk/client-codepipeline` | `effect-codepipeline` | Error type | Modeled exceptions (tags) |",
    "| --- | --- | --- | --- |",
    ...rows,
  ].join("\n")
}

const paginators = (): string => {
  const rows = all.flatMap((op) => {
    const p = op.paginator
    if (p === undefined) return []
    const input = inputOf(op.method)
    return [
      `| ${op.name} | ${code(`CodePipeline.${op.method}Pages(${input})`)} | ${code(`CodePipeline.${op.method}Items(${input})`)} | ${code(p.items)} | ${code(p.inputToken)} → ${code(p.outputToken)} | ${p.pageSize === undefined ? "—" : code(p.pageSize)} | ${code(`paginate${op.name}`)} |`,
    ]
  })
  return [
    "| Operation | Stream of pages | Stream of items | Items member | Token (request → response) | Page size | Official SDK |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n")
}

const commonErrors = (): string =>
  [
    "| Tag | Codes |",
    "| --- | --- |",
    ...commonErrorCodes.map(([kind, codes]) => `| ${code(kind)} | ${codes.map(code).join(", ")} |`),
  ].join("\n")

/** `100 ms`, `1 s`, `3.2 s`. */
const duration = (millis: number): string => (millis < 1000 ? `${millis} ms` : `${Number((millis / 1000).toFixed(1))} s`)

/** The longest backoff before retry `n` of the standard mode with its default delays. */
const backoffBound = (n: number, base: number) => Math.min(standardMode.maxDelay, base * 2 ** (n - 1))

const backoff = (): string => {
  const rows = [1, 2, 3, 6].map((n) => {
    const retry = n + 1 > standardMode.maxAttempts ? `${n} (with \`maxAttempts: ${n + 1}\`)` : `${n}`
    return `| ${retry} | up to ${duration(backoffBound(n, standardMode.baseDelay))} | up to ${duration(backoffBound(n, standardMode.throttlingBaseDelay))} |`
  })
  return ["| Retry | After a transient failure | After throttling |", "| --- | --- | --- |", ...rows].join("\n")
}

/** Every generated table: the guide it belongs to and its rendering. */
export const tables: ReadonlyArray<{ readonly file: string; readonly name: string; readonly render: () => string }> = [
  { file: "migration.md", name: "commands", render: commands },
  { file: "pagination.md", name: "paginators", render: paginators },
  { file: "errors.md", name: "common-errors", render: commonErrors },
  { file: "retries.md", name: "backoff", render: backoff },
]

const begin = (name: string) => `<!-- BEGIN GENERATED: ${name} (npx tsx docs/tools/tables.ts) -->`
const end = (name: string) => `<!-- END GENERATED: ${name} -->`

/** The indentation of the line the begin marker at `from` is on. */
const indentAt = (text: string, from: number): string => text.slice(text.lastIndexOf("\n", from) + 1, from)

/** The table currently in `text` (without the markers' indentation), or `undefined` when its markers are missing. */
export const extract = (text: string, name: string): string | undefined => {
  const from = text.indexOf(begin(name))
  const to = text.indexOf(end(name))
  if (from < 0 || to < from) return undefined
  const indent = indentAt(text, from)
  return text
    .slice(from + begin(name).length, to)
    .trim()
    .split("\n")
    .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
    .join("\n")
}

/** `text` with the table replaced by `table`, indented as its begin marker is. */
export const replace = (text: string, name: string, table: string): string => {
  const from = text.indexOf(begin(name))
  const to = text.indexOf(end(name))
  if (from < 0 || to < from) throw new Error(`missing markers ${begin(name)} ... ${end(name)}`)
  const indent = indentAt(text, from)
  const lines = table.split("\n").map((line) => `${indent}${line}`)
  return `${text.slice(0, from)}${begin(name)}\n${lines.join("\n")}\n${indent}${text.slice(to)}`
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const { file, name, render } of tables) {
    const url = new URL(`../${file}`, import.meta.url)
    const text = fs.readFileSync(url, "utf8")
    const next = replace(text, name, render())
    if (next !== text) fs.writeFileSync(url, next)
    console.log(`docs/${file}: ${name} ${next === text ? "up to date" : "updated"}`)
  }
}
