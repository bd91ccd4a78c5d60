import * as fs from "node:fs"
import type { RuleSetObject } from "@smithy/util-endpoints"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import { describe, expect, it } from "vitest"
import { EndpointError, resolve, type EndpointParams } from "../src/services/Endpoint.js"

interface EndpointTestCase {
  readonly documentation: string
  readonly params?: {
    readonly Region?: string
    readonly UseFIPS?: boolean
    readonly UseDualStack?: boolean
    readonly Endpoint?: string
  }
  readonly expect: { readonly endpoint?: { readonly url: string }; readonly error?: string }
}

interface Model {
  readonly shapes: Record<string, { readonly traits?: Record<string, unknown> }>
}

const model = JSON.parse(
  fs.readFileSync(new URL("../../shared/models/codepipeline.json", import.meta.url), "utf8"),
) as Model
const service = model.shapes["com.amazonaws.codepipeline#CodePipeline_20150709"]
const traits = service?.traits ?? {}
const ruleSet = traits["smithy.rules#endpointRuleSet"] as RuleSetObject
const testCases = (traits["smithy.rules#endpointTests"] as { testCases: Array<EndpointTestCase> })
  .testCases

const toParams = (params: EndpointTestCase["params"] = {}): EndpointParams => ({
  ...(params.Region !== undefined ? { region: params.Region } : {}),
  ...(params.UseFIPS !== undefined ? { useFips: params.UseFIPS } : {}),
  ...(params.UseDualStack !== undefined ? { useDualStack: params.UseDualStack } : {}),
  ...(params.Endpoint !== undefined ? { endpoint: params.Endpoint } : {}),
})

describe("endpoint rule set", () => {
  it("has the 45 test cases of the model", () => {
    expect(testCases).toHaveLength(45)
  })

  for (const testCase of testCases) {
    it(testCase.documentation, () => {
      const result = resolve(ruleSet, toParams(testCase.params))
      if (testCase.expect.error !== undefined) {
        expect(Either.isLeft(result)).toBe(true)
        const error = Option.getOrUndefined(Either.getLeft(result))
        expect(error).toBeInstanceOf(EndpointError)
        expect(error?._tag).toBe("EndpointError")
        expect(error?.message).toBe(testCase.expect.error)
      } else {
        const expected = testCase.expect.endpoint?.url
        expect(expected).toBeDefined()
        expect(Either.isRight(result)).toBe(true)
        if (Either.isRight(result)) {
          expect(result.right.href).toBe(new URL(expected!).href)
        }
      }
    })
  }
})

describe("resolve", () => {
  it("rejects a malformed region without throwing", () => {
    const result = resolve(ruleSet, { region: "us east 1" })
    expect(Either.isLeft(result) && result.left).toBeInstanceOf(EndpointError)
  })

  it("rejects a malformed custom endpoint without throwing", () => {
    const result = resolve(ruleSet, { endpoint: "not a url" })
    expect(Either.isLeft(result) && result.left).toBeInstanceOf(EndpointError)
  })

  it("turns an exception from the rule engine into an EndpointError", () => {
    const broken = { ...ruleSet, rules: [{ type: "bogus", conditions: [] }] } as unknown as RuleSetObject
    const result = resolve(broken, { region: "us-east-1" })
    expect(Either.isLeft(result) && result.left).toBeInstanceOf(EndpointError)
  })
})
