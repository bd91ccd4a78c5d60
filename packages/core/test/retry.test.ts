/**
 * The standard retry mode's decisions (`Retry`): what is retried, how long the backoff is, what
 * `Retry-After` says, and the retry budget.
 */
import { describe, expect, it } from "vitest"
import * as Retry from "../src/Retry.js"

const failure = (
  error: Retry.ErrorFacts,
  extra: Partial<Retry.AttemptFailure<Retry.ErrorFacts>> = {},
): Retry.AttemptFailure<Retry.ErrorFacts> => ({
  error,
  retryAfter: undefined,
  clockSkewCorrected: false,
  ...extra,
})

// The numbers are restated from `src/Retry.ts` on purpose: they pin the official SDK's, so that a
// change to the defaults has to change this test too.
describe("the standard mode's numbers", () => {
  it("are the official SDK's: 3 attempts, 100 ms and 500 ms bases, 20 s cap, 500 tokens, retries at 5 and 10", () => {
    expect(Retry.standardMode).toEqual({
      maxAttempts: 3,
      baseDelay: 100,
      throttlingBaseDelay: 500,
      maxDelay: 20_000,
      budget: 500,
      retryCost: 5,
      timeoutRetryCost: 10,
      noRetryIncrement: 1,
    })
  })

  it("are the policy's defaults; maxAttempts is a whole number, at least 1", () => {
    expect(Retry.standardPolicy()).toEqual({ maxAttempts: 3, baseDelay: 100, throttlingBaseDelay: 500, maxDelay: 20_000, budget: 500 })
    expect(Retry.standardPolicy({ maxAttempts: 4.7, budget: false }).maxAttempts).toBe(4)
    expect(Retry.standardPolicy({ maxAttempts: 0 }).maxAttempts).toBe(1)
    expect(Retry.standardPolicy({ budget: false }).budget).toBe(false)
  })
})

describe("what is retried", () => {
  it("throttling: a ThrottlingException, a throttling code of any error, or HTTP 429", () => {
    expect(Retry.isThrottling({ _tag: "ThrottlingException" })).toBe(true)
    expect(Retry.isThrottling({ _tag: "UnknownServiceError", code: "SlowDown" })).toBe(true)
    expect(Retry.isThrottling({ _tag: "UnknownServiceError", httpStatus: 429 })).toBe(true)
    expect(Retry.isThrottling({ _tag: "LimitExceededException", code: "LimitExceededException" })).toBe(false)
  })

  it("transient: transport failures, internal failures, unavailability, timeout codes, HTTP 500/502/503/504", () => {
    for (const tag of ["TransportError", "InternalFailure", "ServiceUnavailable"]) expect(Retry.isTransient({ _tag: tag }), tag).toBe(true)
    for (const code of ["TimeoutError", "RequestTimeout", "RequestTimeoutException"]) expect(Retry.isTransient({ code }), code).toBe(true)
    for (const httpStatus of [500, 502, 503, 504]) expect(Retry.isTransient({ httpStatus }), String(httpStatus)).toBe(true)
    expect(Retry.isTransient({ httpStatus: 501 })).toBe(false)
  })

  it("nothing else: modeled exceptions, access denied, invalid input, credentials", () => {
    for (const tag of [
      "PipelineNotFoundException",
      "AccessDeniedException",
      "InputValidationError",
      "CredentialsError",
      "InvalidSignatureException",
    ]) {
      expect(Retry.isRetryable({ _tag: tag, httpStatus: 400 }), tag).toBe(false)
    }
  })

  it("fields of the wrong type count as absent", () => {
    expect(Retry.isRetryable({ _tag: 5, code: ["SlowDown"], httpStatus: "503" })).toBe(false)
  })

  it("a signature error only when the response corrected the clock", () => {
    const signature = { _tag: "InvalidSignatureException" }
    expect(Retry.isRetryableAttempt(failure(signature))).toBe(false)
    expect(Retry.isRetryableAttempt(failure(signature, { clockSkewCorrected: true }))).toBe(true)
    expect(Retry.isRetryableAttempt(failure({ _tag: "AccessDeniedException" }, { clockSkewCorrected: true }))).toBe(false)
  })
})

describe("the decision after a failed attempt", () => {
  const policy = Retry.standardPolicy()

  it("a retryable failure before the last attempt: retry after a backoff, paying 5 tokens", () => {
    const budget = new Retry.RetryBudget(500)
    expect(Retry.decide(policy, budget, 1, failure({ _tag: "ThrottlingException" }))).toEqual({ _tag: "Retry", cost: 5, backoff: true })
    expect(budget.tokens).toBe(495)
  })

  it("after a timeout a retry costs 10 tokens", () => {
    const budget = new Retry.RetryBudget(500)
    expect(Retry.decide(policy, budget, 1, failure({ _tag: "TransportError", reason: "Timeout" }))).toMatchObject({ cost: 10 })
    expect(budget.tokens).toBe(490)
  })

  it("the last attempt, a failure not worth retrying, or an empty budget: stop, and take nothing", () => {
    const budget = new Retry.RetryBudget(500)
    expect(Retry.decide(policy, budget, 3, failure({ _tag: "ThrottlingException" }))).toEqual({ _tag: "Stop" })
    expect(Retry.decide(policy, budget, 1, failure({ _tag: "ValidationException" }))).toEqual({ _tag: "Stop" })
    expect(budget.tokens).toBe(500)
    expect(Retry.decide(policy, new Retry.RetryBudget(500, 4), 1, failure({ _tag: "ThrottlingException" }))).toEqual({ _tag: "Stop" })
  })

  it("a signature refused for a skewed clock: retry at once", () => {
    const decision = Retry.decide(
      policy,
      new Retry.RetryBudget(false),
      1,
      failure({ _tag: "InvalidSignatureException" }, { clockSkewCorrected: true }),
    )
    expect(decision).toEqual({ _tag: "Retry", cost: 5, backoff: false })
  })
})

describe("the backoff", () => {
  const policy = Retry.standardPolicy()

  it("is random × base × 2^(attempt-1), in whole milliseconds, with the throttling base after throttling", () => {
    expect(Retry.backoffDelay(policy, 1, 0.5, false, undefined)).toBe(50)
    expect(Retry.backoffDelay(policy, 3, 0.999, false, undefined)).toBe(399)
    expect(Retry.backoffDelay(policy, 2, 0.5, true, undefined)).toBe(500)
    expect(Retry.backoffDelay(policy, 1, 0, true, undefined)).toBe(0)
  })

  it("never exceeds maxDelay", () => {
    expect(Retry.backoffDelay(policy, 20, 0.999, true, undefined)).toBe(20_000)
  })

  it("is at least the Retry-After asked for, itself capped at maxDelay", () => {
    expect(Retry.backoffDelay(policy, 1, 0.5, false, 2000)).toBe(2000)
    expect(Retry.backoffDelay(policy, 1, 0.5, false, 10)).toBe(50)
    expect(Retry.backoffDelay(policy, 1, 0.5, false, 3_600_000)).toBe(20_000)
  })
})

describe("Retry-After", () => {
  const now = Date.parse("2024-06-01T12:00:00Z")

  it("as seconds, whole or decimal", () => {
    expect(Retry.parseRetryAfter("2", now)).toBe(2000)
    expect(Retry.parseRetryAfter("0.5", now)).toBe(500)
    expect(Retry.parseRetryAfter(" 3 ", now)).toBe(3000)
  })

  it("as an HTTP date, in milliseconds from now; a date past is 0", () => {
    expect(Retry.parseRetryAfter("Sat, 01 Jun 2024 12:00:10 GMT", now)).toBe(10_000)
    expect(Retry.parseRetryAfter("Sat, 01 Jun 2024 11:00:00 GMT", now)).toBe(0)
  })

  it("absent, empty or unreadable: none", () => {
    for (const value of [undefined, "", "soon", "1e3"]) expect(Retry.parseRetryAfter(value, now), String(value)).toBeUndefined()
  })
})

describe("the retry budget", () => {
  it("pays for retries while it holds enough tokens", () => {
    const budget = new Retry.RetryBudget(12)
    expect([budget.take(5), budget.take(5), budget.take(5)]).toEqual([true, true, false])
    expect(budget.tokens).toBe(2)
  })

  it("a success puts back its last retry's cost, or 1 without a retry, never above the capacity", () => {
    const budget = new Retry.RetryBudget(500, 480)
    budget.succeeded(10)
    expect(budget.tokens).toBe(490)
    budget.succeeded(0)
    expect(budget.tokens).toBe(491)
    budget.give(1000)
    expect(budget.tokens).toBe(500)
  })

  it("without a capacity, never runs out", () => {
    const budget = new Retry.RetryBudget(false)
    for (let i = 0; i < 1000; i++) expect(budget.take(10)).toBe(true)
  })
})
