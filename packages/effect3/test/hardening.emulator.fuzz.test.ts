/**
 * Fuzzing the in-memory CodePipeline with hostile values (issue #13): for every operation, valid
 * inputs with one node replaced by, or given an extra member holding, a value nested hundreds to
 * thousands of levels deep, a reference back to an ancestor (a cycle), an object whose getter
 * throws, or a Proxy whose traps throw or that was revoked. Each must end in a typed
 * `InputValidationError` naming the operation and a path, never a defect or an `InternalFailure`,
 * and the layer keeps serving.
 */
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { Arbitrary, Cause, Effect, Exit, FastCheck as fc, ManagedRuntime, Option } from "effect"
import { CodePipeline } from "../src/index.js"
import type * as Operation from "../src/services/Operation.js"
import { CodePipelineInMemory } from "../src/testing/index.js"
import * as V from "./support/verify.js"

const PER_OPERATION = V.runs(12, 120)

type Segment = string | number
type Hostile = "deep" | "cycle" | "getter" | "trap" | "revoked"

const isContainer = (v: unknown): v is Record<string, unknown> | Array<unknown> =>
  typeof v === "object" && v !== null && (Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype)

/** Paths of every node of a value (the root is `[]`). */
const nodes = (value: unknown, path: Array<Segment> = [], out: Array<Array<Segment>> = []): Array<Array<Segment>> => {
  out.push(path)
  if (isContainer(value)) for (const [k, v] of Object.entries(value)) nodes(v, [...path, Array.isArray(value) ? Number(k) : k], out)
  return out
}

/** A copy of `value` down `path` (shallow elsewhere), with the node there replaced by `f(node, ancestor)`. */
const replaceAt = (
  value: unknown,
  path: ReadonlyArray<Segment>,
  f: (node: unknown, parent: unknown) => unknown,
  parent: unknown = undefined,
): unknown => {
  if (path.length === 0) return f(value, parent)
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) }
  const [head, ...rest] = path
  copy[head!] = replaceAt((value as any)[head!], rest, f, copy)
  return copy
}

const hostileValue = (kind: Hostile, depth: number, parent: unknown): unknown => {
  switch (kind) {
    case "deep": {
      let v: unknown = "x"
      for (let i = 0; i < depth; i++) v = i % 2 === 0 ? [v] : { v }
      return v
    }
    case "cycle":
      return parent ?? {}
    case "getter":
      return Object.defineProperty({}, "name", {
        enumerable: true,
        get: () => {
          throw new Error("getter")
        },
      })
    case "trap":
      return new Proxy(
        { name: "p" },
        {
          ownKeys: () => {
            throw new Error("trap")
          },
        },
      )
    case "revoked": {
      const { proxy, revoke } = Proxy.revocable({}, {})
      revoke()
      return proxy
    }
  }
}

/** Puts a hostile value at a node of a valid input: in place of it, or as an extra member of it. */
const hostileInput = (valid: unknown, pick: number, kind: Hostile, depth: number, extra: boolean): unknown => {
  const paths = nodes(valid)
  const path = paths[pick % paths.length]!
  return replaceAt(valid, path, (node, parent) => {
    if (extra && isContainer(node) && !Array.isArray(node)) {
      const copy: Record<string, unknown> = { ...node }
      copy["hostile"] = hostileValue(kind, depth, copy)
      return copy
    }
    // At the root a cycle needs a container to refer to: the input refers to itself.
    if (kind === "cycle" && path.length === 0) {
      const copy: Record<string, unknown> = isContainer(node) && !Array.isArray(node) ? { ...node } : {}
      copy["self"] = copy
      return copy
    }
    return hostileValue(kind, depth, parent)
  })
}

let runtime: ManagedRuntime.ManagedRuntime<CodePipeline.CodePipeline | CodePipelineInMemory.Controls, never>
const tally: Record<Hostile, number> = { deep: 0, cycle: 0, getter: 0, trap: 0, revoked: 0 }

beforeAll(() => {
  runtime = ManagedRuntime.make(CodePipelineInMemory.layer({ seed: 13, startOnCreate: false }))
})
afterAll(async () => {
  await runtime.dispose()
  console.log(`[hardening.emulator.fuzz] hostile inputs, each refused with an InputValidationError: ${JSON.stringify(tally)}`)
})

describe("hostile values anywhere in an operation's input, against the in-memory layer", () => {
  it.each(V.operations.map((op, i) => [op.name, op, i] as const))("%s", async (_, operation: Operation.Any, i) => {
    const samples = fc.sample(
      fc.tuple(
        Arbitrary.make(operation.input),
        fc.nat(),
        fc.constantFrom<Hostile>("deep", "deep", "cycle", "getter", "trap", "revoked"),
        fc.oneof(fc.integer({ min: 101, max: 400 }), fc.integer({ min: 2_000, max: 20_000 })),
        fc.boolean(),
      ),
      { numRuns: PER_OPERATION, seed: V.SEED + 900 + i },
    )
    for (const [valid, pick, kind, depth, extra] of samples) {
      const input = hostileInput(valid, pick, kind, depth, extra)
      const exit = await runtime.runPromiseExit(Effect.flatMap(CodePipeline.CodePipeline, (s) => s.execute(operation, input as never)))
      const context = `${operation.name} with a ${kind} value (depth ${depth}, ${extra ? "extra member" : "in place"}) at node ${pick}`
      expect(Exit.isFailure(exit), `${context}: succeeded`).toBe(true)
      const cause = (exit as Exit.Failure<unknown, unknown>).cause
      expect(Cause.isDie(cause), `${context}: a defect: ${Cause.pretty(cause)}`).toBe(false)
      const error = Option.getOrThrow(Cause.failureOption(cause)) as { _tag: string; operation: string; message: string }
      expect([error._tag, error.operation], `${context}: ${error.message}`).toEqual(["InputValidationError", operation.name])
      tally[kind]++
    }
    // Still serving.
    expect(Exit.isSuccess(await runtime.runPromiseExit(CodePipeline.listPipelines()))).toBe(true)
  })
})
