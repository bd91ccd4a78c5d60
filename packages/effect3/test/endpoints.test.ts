// The Effect-facing endpoint API (src/services/Endpoint.ts). The rule set itself, the partition
// table and their agreement with the official engine are tested in packages/core/test/endpoints.test.ts.
import * as fs from "node:fs"
import * as CoreEndpoints from "@effect-codepipeline/core/Endpoints"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import { describe, expect, it } from "vitest"
import { bundleMetafile } from "./support/bundle.js"
import { EndpointError, partition, resolve, type EndpointParams } from "../src/services/Endpoint.js"

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

const model = JSON.parse(fs.readFileSync(new URL("../../../../shared/models/codepipeline.json", import.meta.url), "utf8")) as Model
const service = model.shapes["com.amazonaws.codepipeline#CodePipeline_20150709"]
const testCases = (service!.traits!["smithy.rules#endpointTests"] as { testCases: Array<EndpointTestCase> }).testCases

const toParams = (params: EndpointTestCase["params"] = {}): EndpointParams => ({
  ...(params.Region !== undefined ? { region: params.Region } : {}),
  ...(params.UseFIPS !== undefined ? { useFips: params.UseFIPS } : {}),
  ...(params.UseDualStack !== undefined ? { useDualStack: params.UseDualStack } : {}),
  ...(params.Endpoint !== undefined ? { endpoint: params.Endpoint } : {}),
})

describe("resolve, on the model's endpoint test cases", () => {
  it("has the 45 test cases of the model", () => {
    expect(testCases).toHaveLength(45)
  })

  for (const testCase of testCases) {
    it(testCase.documentation, () => {
      const result = resolve(toParams(testCase.params))
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
  it("defaults FIPS and dual-stack to off", () => {
    expect(Option.getOrThrow(Either.getRight(resolve({ region: "eu-west-1" }))).href).toBe("https://codepipeline.eu-west-1.amazonaws.com/")
  })

  it("rejects a malformed region without throwing", () => {
    const result = resolve({ region: "us east 1" })
    expect(Either.isLeft(result) && result.left).toBeInstanceOf(EndpointError)
    expect(Either.isLeft(result) && result.left.message).toBe('Invalid Configuration: region "us east 1" is not a valid hostname component')
  })

  it("rejects a region that would change the URL's host", () => {
    const result = resolve({ region: "eu-west-1/x" })
    expect(Either.isLeft(result) && result.left).toBeInstanceOf(EndpointError)
  })

  it("rejects a malformed custom endpoint without throwing", () => {
    const result = resolve({ endpoint: "not a url" })
    expect(Either.isLeft(result) && result.left).toBeInstanceOf(EndpointError)
  })
})

describe("partition", () => {
  it("is the core's aws.partition", () => {
    expect(partition).toBe(CoreEndpoints.partition)
    expect(partition("cn-north-1").dnsSuffix).toBe("amazonaws.com.cn")
  })
})

describe("the endpoint module at run time", () => {
  it("needs no @aws-sdk package and no rules engine", async () => {
    const metafile = await bundleMetafile("src/services/Endpoint.ts")
    const packages = Object.values(metafile.inputs).flatMap((input) => input.imports.filter((i) => i.external).map((i) => i.path))
    expect(packages.filter((p) => p.startsWith("@aws-sdk/") || p.startsWith("@smithy/"))).toEqual([])
    expect(Object.keys(metafile.inputs)).toContain("packages/core/src/generated/endpoints.ts")
  })
})
