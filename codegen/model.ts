/**
 * The Smithy JSON AST, as far as this generator reads it, and the queries over it that every
 * emitter shares.
 */
import * as fs from "node:fs"

export interface MemberRef {
  readonly target: string
  readonly traits?: Record<string, unknown>
}

export interface Shape {
  readonly type: string
  readonly members?: Record<string, MemberRef>
  readonly member?: MemberRef
  readonly key?: MemberRef
  readonly value?: MemberRef
  readonly input?: MemberRef
  readonly output?: MemberRef
  readonly errors?: ReadonlyArray<MemberRef>
  readonly traits?: Record<string, any>
}

export interface Model {
  readonly smithy: string
  readonly shapes: Record<string, Shape>
}

export const defaultModelPath = new URL("../../shared/models/codepipeline.json", import.meta.url)

export const loadModel = (path: URL | string = defaultModelPath): Model => JSON.parse(fs.readFileSync(path, "utf8")) as Model

export const UNIT = "smithy.api#Unit"

/** `com.amazonaws.codepipeline#PipelineName` → `PipelineName`. */
export const localName = (id: string): string => id.slice(id.indexOf("#") + 1)

export const serviceOf = (model: Model): [string, Shape] => {
  const entry = Object.entries(model.shapes).find(([, s]) => s.type === "service")
  if (!entry) throw new Error("the model has no service shape")
  return entry
}

/** Operations sorted by name, so generated files do not depend on the model's key order. */
export const operationsOf = (model: Model): Array<[string, Shape]> =>
  Object.entries(model.shapes)
    .filter(([, s]) => s.type === "operation")
    .sort(([a], [b]) => localName(a).localeCompare(localName(b)))

export const isError = (shape: Shape): boolean => shape.traits?.["smithy.api#error"] !== undefined

/** Targets a shape refers to directly. */
export const referencesOf = (shape: Shape): Array<string> => [
  ...Object.values(shape.members ?? {}).map((m) => m.target),
  ...[shape.member, shape.key, shape.value].flatMap((m) => (m ? [m.target] : [])),
]

/**
 * Shapes in dependency order (a shape after everything it refers to), so each generated constant
 * is defined before use. The model has no recursive shapes; a cycle is reported rather than
 * silently emitted as code that would fail at import.
 */
export const topologicalOrder = (model: Model, roots: ReadonlyArray<string>): Array<string> => {
  const out: Array<string> = []
  const state = new Map<string, "visiting" | "done">()
  const visit = (id: string, path: ReadonlyArray<string>) => {
    const shape = model.shapes[id]
    if (!shape || state.get(id) === "done") return
    if (state.get(id) === "visiting") throw new Error(`recursive shapes are not supported: ${[...path, id].join(" → ")}`)
    state.set(id, "visiting")
    for (const ref of referencesOf(shape)) visit(ref, [...path, id])
    state.set(id, "done")
    out.push(id)
  }
  for (const root of [...roots].sort()) visit(root, [])
  return out
}

export const isSensitive = (shape: Shape): boolean => shape.traits?.["smithy.api#sensitive"] !== undefined
