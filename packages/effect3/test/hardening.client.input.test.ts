/**
 * Any input value gives a typed error or succeeds; nothing throws past the typed channel (issue #13,
 * item 6). The live client reads the input three times: to validate it, to describe what is wrong
 * with it, and to serialize it. Deeply nested values, cycles, getters and Proxies that throw,
 * revoked Proxies and huge arrays used to escape as defects from one of those, and the message
 * copied as much of the offending value as the formatter cared to print.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { CodePipeline } from "../src/index.js"
import type * as Operation from "../src/services/Operation.js"
import * as V from "./support/verify.js"

const bench = V.bench()

/** Runs an operation on raw input; returns its single typed failure (undefined on success) or throws on a defect. */
const call = async (operation: Operation.Any, input: unknown) => {
  const before = bench.server.requests.length
  const exit = await bench.live.runPromiseExit(Effect.flatMap(CodePipeline.CodePipeline, (s) => s.execute(operation, input as never)))
  return { error: V.typedFailure(exit, operation.name), sent: bench.server.requests.length - before }
}

const getPipeline = CodePipeline.GetPipeline as Operation.Any
const startExecution = CodePipeline.StartPipelineExecution as Operation.Any

const nested = (depth: number, leaf: unknown, wrap: (inner: unknown) => unknown) => {
  let value = leaf
  for (let i = 0; i < depth; i++) value = wrap(value)
  return value
}

const expectRefused = (result: { error: any; sent: number }, path = "") => {
  expect(result.error?._tag).toBe("InputValidationError")
  expect(result.error.operation).toBe("GetPipeline")
  if (path !== "") expect(result.error.path).toBe(path)
  expect(result.error.message.length).toBeLessThan(1000)
  expect(result.sent).toBe(0)
}

describe("input nested deeper than any formatter recurses", () => {
  it("3,000 levels of arrays in a string member: an InputValidationError at that member", async () => {
    expectRefused(await call(getPipeline, { name: nested(3000, "x", (v) => [v]) }), "name")
  })

  it("100,000 levels of objects in a string member: an InputValidationError at that member", async () => {
    expectRefused(await call(getPipeline, { name: nested(100_000, "x", (v) => ({ a: v })) }), "name")
  })

  it("100,000 levels of arrays as the whole input: an InputValidationError", async () => {
    expectRefused(
      await call(
        getPipeline,
        nested(100_000, "x", (v) => [v]),
      ),
    )
  })

  it("deep nesting in a map value: an InputValidationError at that entry", async () => {
    const result = await call(CodePipeline.StartPipelineExecution as Operation.Any, {
      name: "p",
      variables: [{ name: "v", value: nested(5000, "x", (v) => [v]) }],
    })
    expect(result.error?._tag).toBe("InputValidationError")
    expect(result.error.path).toBe("variables[0].value")
  })
})

describe("values that cannot be read", () => {
  it("a cycle in a string member: an InputValidationError", async () => {
    const cycle: Record<string, unknown> = {}
    cycle["self"] = cycle
    expectRefused(await call(getPipeline, { name: cycle }), "name")
  })

  it("a getter that throws on a member: an InputValidationError saying the input could not be read", async () => {
    const result = await call(getPipeline, {
      get name(): string {
        throw new Error("no name today")
      },
    })
    expectRefused(result)
    expect(result.error.message).toContain("could not be read")
    expect(result.error.message).toContain("no name today")
  })

  it("a getter that throws inside a value being described: an InputValidationError at the member", async () => {
    expectRefused(
      await call(getPipeline, {
        name: {
          get x(): string {
            throw new Error("boom")
          },
        },
      }),
      "name",
    )
  })

  it("a getter that throws only when the input is serialized: an InputValidationError, nothing sent", async () => {
    let reads = 0
    const input = {
      get name(): string {
        if (reads++ > 0) throw new Error("read twice")
        return "release"
      },
    }
    expectRefused(await call(getPipeline, input))
  })

  it("a throwing toString on the offending value: an InputValidationError", async () => {
    expectRefused(
      await call(getPipeline, {
        name: {
          toString() {
            throw new Error("no")
          },
        },
      }),
      "name",
    )
  })

  it("Proxies whose traps throw, as the input or as a member: an InputValidationError", async () => {
    const thrower = (trap: string) =>
      new Proxy(
        {},
        {
          [trap]: () => {
            throw new Error(`${trap} trap`)
          },
        },
      ) // prettier-ignore
    for (const trap of ["ownKeys", "get", "getPrototypeOf", "has", "getOwnPropertyDescriptor"]) {
      expectRefused(await call(getPipeline, thrower(trap)))
      expectRefused(await call(getPipeline, { name: thrower(trap) }), "name")
    }
  })

  it("a revoked Proxy, as the input or as a member: an InputValidationError", async () => {
    const { proxy, revoke } = Proxy.revocable({}, {})
    revoke()
    expectRefused(await call(getPipeline, proxy))
    expectRefused(await call(getPipeline, { name: proxy }), "name")
    expectRefused(await call(getPipeline, { name: [proxy] }), "name")
  })

  it("a Proxy input of an operation with an idempotency token: an InputValidationError", async () => {
    const result = await call(
      startExecution,
      new Proxy(
        { name: "p" },
        {
          get: () => {
            throw new Error("get")
          },
        },
      ),
    ) // prettier-ignore
    expect(result.error?._tag).toBe("InputValidationError")
    expect(result.sent).toBe(0)
  })
})

describe("the message never copies more than a bounded prefix of the offending value", () => {
  it("a 5,000,000-element array in a string member: at most a few hundred elements are read to describe it", async () => {
    let reads = 0
    const huge = new Proxy(new Array(5_000_000).fill(7), {
      get(target, key, receiver) {
        if (typeof key === "string" && /^\d+$/.test(key)) reads++
        return Reflect.get(target, key, receiver)
      },
    })
    expectRefused(await call(getPipeline, { name: huge }), "name")
    expect(reads).toBeLessThan(500)
  })

  it("a 10 MB string where a number belongs: the message holds a short prefix of it", async () => {
    const result = await call(getPipeline, { name: "p", version: "v".repeat(10_000_000) })
    expectRefused(result, "version")
    expect(result.error.message).toContain("vvvv")
  })

  it("an object with 100,000 keys in a string member: a short message", async () => {
    const wide = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]))
    expectRefused(await call(getPipeline, { name: wide }), "name")
  })

  it("a Redacted in a string member is described as redacted, never by its value", async () => {
    const result = await call(getPipeline, { name: Redacted.make("hunter2-secret-value") })
    expectRefused(result, "name")
    expect(result.error.message).not.toContain("hunter2")
  })
})
