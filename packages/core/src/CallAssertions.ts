/**
 * What both flavors' `CodePipelineStub` assertions decide, without Effect: whether a recorded input
 * contains a partial one, and the message of each failed assertion. The adapters only read the
 * recorded calls and fail with their own `StubAssertionError`.
 *
 * @since 0.1.0
 */

/**
 * Whether `actual` contains `expected`: objects compared member by member (an `undefined` member
 * matches anything), arrays element by element and of the same length, dates by their time, and
 * anything else by `Object.is`.
 *
 * @since 0.1.0
 */
export const matches = (actual: unknown, expected: unknown): boolean => {
  if (expected === undefined) return true
  if (expected instanceof Date) return actual instanceof Date && actual.getTime() === expected.getTime()
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => matches(actual[i], e))
  }
  if (typeof expected === "object" && expected !== null) {
    return (
      typeof actual === "object" &&
      actual !== null &&
      Object.entries(expected).every(([k, v]) => matches((actual as Record<string, unknown>)[k], v))
    )
  }
  return Object.is(actual, expected)
}

const show = (value: unknown) => JSON.stringify(value)

/**
 * Why `assertCalled(method, partialInput)` fails for these recorded inputs of `method`, or
 * `undefined` when one of them contains `partialInput`.
 *
 * @since 0.1.0
 */
export const calledProblem = (method: string, partialInput: unknown, inputs: ReadonlyArray<unknown>): string | undefined => {
  if (inputs.some((input) => matches(input, partialInput))) return undefined
  return inputs.length === 0
    ? `expected ${method} to be called${partialInput ? ` with ${show(partialInput)}` : ""}, but it was not called`
    : `expected ${method} to be called with ${show(partialInput)}; its calls were ${inputs.map(show).join(", ")}`
}

/**
 * Why `assertCalledTimes(method, times)` fails when `method` was called `count` times, or `undefined`.
 *
 * @since 0.1.0
 */
export const calledTimesProblem = (method: string, times: number, count: number): string | undefined =>
  count === times ? undefined : `expected ${method} to be called ${times} time(s), but it was called ${count}`

/**
 * Why `assertCallOrder(methods)` fails for the recorded calls' methods, in order, or `undefined`
 * when those of `methods` are exactly `methods`.
 *
 * @since 0.1.0
 */
export const callOrderProblem = (methods: ReadonlyArray<string>, called: ReadonlyArray<string>): string | undefined => {
  const wanted = new Set(methods)
  const seen = called.filter((m) => wanted.has(m))
  return seen.length === methods.length && seen.every((m, i) => m === methods[i])
    ? undefined
    : `expected calls in order ${methods.join(" → ")}, saw ${seen.join(" → ") || "none"}`
}
