import * as fs from "node:fs"
import * as path from "node:path"
// The official engine and `aws.*` functions, as references (importing `@aws-sdk/util-endpoints`
// registers its `aws.*` functions in the engine's registry).
import { partition as officialPartition } from "@aws-sdk/util-endpoints"
import { customEndpointFunctions, resolveEndpoint as officialResolveEndpoint } from "@smithy/core/endpoints"
import type { RuleSetObject } from "@smithy/types"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as esbuild from "esbuild"
import { describe, expect, it } from "vitest"
import { EndpointError, partition, resolve, supportedFunctions, type EndpointParams } from "../src/services/Endpoint.js"
import { partitions } from "../src/services/internal/partitions.js"

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

describe("aws.partition", () => {
  const summary = (region: string) => {
    const p = partition(region)
    return [p.name, p.dnsSuffix, p.dualStackDnsSuffix, p.supportsFIPS, p.supportsDualStack, p.implicitGlobalRegion]
  }

  it("finds a listed region, including one no partition's regex matches", () => {
    expect(summary("eu-west-1")).toEqual(["aws", "amazonaws.com", "api.aws", true, true, "us-east-1"])
    expect(partition("aws-global").name).toBe("aws")
    // `aws-cn-global` matches no regex: without the list it would fall back to aws.
    expect(partition("aws-cn-global").name).toBe("aws-cn")
    expect(partition("aws-us-gov-global").name).toBe("aws-us-gov")
    expect(partition("aws-iso-b-global").name).toBe("aws-iso-b")
  })

  it("places an unlisted region by the partitions' regexes", () => {
    expect(partition("us-east-9").name).toBe("aws")
    expect(partition("ap-southeast-42").name).toBe("aws")
    expect(partition("cn-south-3").name).toBe("aws-cn")
    expect(partition("us-gov-south-4").name).toBe("aws-us-gov")
    expect(partition("us-iso-north-2").name).toBe("aws-iso")
    expect(partition("us-isob-north-2").name).toBe("aws-iso-b")
    expect(partition("eu-isoe-north-2").name).toBe("aws-iso-e")
    expect(partition("us-isof-north-2").name).toBe("aws-iso-f")
    expect(partition("eusc-de-west-2").name).toBe("aws-eusc")
  })

  it("falls back to the aws partition for a region nothing matches", () => {
    for (const region of ["mars-east-1", "local", "us-east", "", "xx-yy-1"]) {
      expect(summary(region)).toEqual(summary("us-east-1"))
    }
  })

  it("has the China, GovCloud and ISO partitions' values", () => {
    expect(summary("cn-north-1")).toEqual(["aws-cn", "amazonaws.com.cn", "api.amazonwebservices.com.cn", true, true, "cn-northwest-1"])
    expect(summary("us-gov-west-1")).toEqual(["aws-us-gov", "amazonaws.com", "api.aws", true, true, "us-gov-west-1"])
    expect(summary("us-iso-east-1")).toEqual(["aws-iso", "c2s.ic.gov", "api.aws.ic.gov", true, true, "us-iso-east-1"])
    expect(summary("us-isob-east-1")).toEqual(["aws-iso-b", "sc2s.sgov.gov", "api.aws.scloud", true, true, "us-isob-east-1"])
    expect(summary("eu-isoe-west-1")).toEqual(["aws-iso-e", "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk", true, true, "eu-isoe-west-1"])
    expect(summary("us-isof-south-1")).toEqual(["aws-iso-f", "csp.hci.ic.gov", "api.aws.hci.ic.gov", true, true, "us-isof-south-1"])
  })

  it("returns a copy: changing the result does not change the table", () => {
    ;(partition("us-east-1") as { dnsSuffix: string }).dnsSuffix = "example.com"
    expect(partition("us-east-1").dnsSuffix).toBe("amazonaws.com")
  })

  it("agrees with the official SDK's aws.partition on every listed region and made-up ones", () => {
    const regions = [...partitions.flatMap((p) => p.regions), "us-east-9", "cn-south-3", "us-gov-south-4", "us-iso-north-2", "mars-east-1", "local"]
    expect(regions.length).toBeGreaterThan(50)
    for (const region of regions) {
      const official = officialPartition(region) as unknown as Record<string, unknown>
      const ours = partition(region)
      for (const key of ["name", "dnsSuffix", "dualStackDnsSuffix", "supportsFIPS", "supportsDualStack", "implicitGlobalRegion"] as const) {
        expect([region, key, ours[key]]).toEqual([region, key, official[key]])
      }
    }
  })
})

/** The official engine's answer, as a URL or an error message. */
const official = (rules: RuleSetObject, params: Record<string, string | boolean | undefined>): string => {
  const endpointParams = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as Record<string, string | boolean>
  try {
    return officialResolveEndpoint(rules, { endpointParams }).url.href
  } catch (error) {
    return `error: ${(error as Error).message}`
  }
}

const ours = (rules: RuleSetObject, params: EndpointParams): string =>
  Either.match(resolve(rules, params), { onLeft: (e) => `error: ${e.message}`, onRight: (url) => url.href })

describe("the rules engine", () => {
  it("implements every function the rule set calls", () => {
    const called = new Set<string>()
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk)
      else if (node !== null && typeof node === "object") {
        if ("fn" in node) called.add((node as { fn: string }).fn)
        Object.values(node).forEach(walk)
      }
    }
    walk(ruleSet.rules)
    expect(called.size).toBeGreaterThan(0)
    expect([...called].filter((fn) => !supportedFunctions.includes(fn))).toEqual([])
  })

  it("resolves as the official engine does, for every region known and every switch", () => {
    const regions = [undefined, ...partitions.flatMap((p) => p.regions), "us-east-9", "cn-south-3", "us-gov-south-4", "us-isob-north-2", "mars-east-1"]
    const endpoints = [undefined, "https://example.com", "http://127.0.0.1:4599/base"]
    let compared = 0
    for (const region of regions) {
      for (const useFips of [false, true]) {
        for (const useDualStack of [false, true]) {
          for (const endpoint of endpoints) {
            const expected = official(ruleSet, { Region: region, UseFIPS: useFips, UseDualStack: useDualStack, Endpoint: endpoint })
            const actual = ours(ruleSet, { ...(region !== undefined ? { region } : {}), useFips, useDualStack, ...(endpoint !== undefined ? { endpoint } : {}) })
            expect([region, useFips, useDualStack, endpoint, actual]).toEqual([region, useFips, useDualStack, endpoint, expected])
            compared++
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(600)
  })

  it("evaluates trees, assignments, templates, not, stringEquals and error rules as the official engine does", () => {
    // A rule set exercising what CodePipeline's does not: nested trees (a tree whose conditions hold
    // is final), assignments used in a later tree, `not`, `stringEquals`, literal braces in
    // templates, references in error messages.
    const synthetic = {
      version: "1.0",
      parameters: {
        Region: { type: "String", required: false },
        UseFIPS: { type: "Boolean", required: true, default: false },
        UseDualStack: { type: "Boolean", required: true, default: false },
        Endpoint: { type: "String", required: false },
      },
      rules: [
        { type: "error", conditions: [{ fn: "not", argv: [{ fn: "isSet", argv: [{ ref: "Region" }] }] }], error: "no region" },
        {
          type: "tree",
          conditions: [{ fn: "aws.partition", argv: [{ ref: "Region" }], assign: "P" }],
          rules: [
            {
              type: "tree",
              conditions: [{ fn: "stringEquals", argv: [{ fn: "getAttr", argv: [{ ref: "P" }, "name"] }, "aws-cn"] }],
              rules: [
                { type: "endpoint", conditions: [{ fn: "booleanEquals", argv: [{ ref: "UseFIPS" }, true] }], endpoint: { url: "https://fips.{Region}.{P#dnsSuffix}", properties: {}, headers: {} } },
                { type: "error", conditions: [], error: "China without FIPS: {Region} in {P#name}" },
              ],
            },
            { type: "endpoint", conditions: [{ fn: "isSet", argv: [{ ref: "Endpoint" }] }, { fn: "stringEquals", argv: [{ ref: "Region" }, "local"] }], endpoint: { url: { ref: "Endpoint" }, properties: {}, headers: {} } },
            { type: "endpoint", conditions: [{ fn: "booleanEquals", argv: [{ fn: "getAttr", argv: [{ ref: "P" }, "supportsDualStack"] }, { ref: "UseDualStack" }] }], endpoint: { url: "https://svc.{Region}.{P#dualStackDnsSuffix}/{{x}}", properties: {}, headers: {} } },
          ],
        },
      ],
    } as unknown as RuleSetObject
    const cases: Array<EndpointParams> = [
      {},
      { region: "cn-north-1" },
      { region: "cn-north-1", useFips: true },
      { region: "local", endpoint: "http://127.0.0.1:1" },
      { region: "local" },
      { region: "eu-west-1" },
      { region: "eu-west-1", useDualStack: true },
      { region: "us-gov-west-1", useDualStack: true },
    ]
    const results = cases.map((params) => {
      const expected = official(synthetic, { Region: params.region, UseFIPS: params.useFips ?? false, UseDualStack: params.useDualStack ?? false, Endpoint: params.endpoint })
      expect([params, ours(synthetic, params)]).toEqual([params, expected])
      return expected
    })
    // Every kind of outcome was reached.
    expect(results).toContain("error: no region")
    expect(results).toContain("error: China without FIPS: cn-north-1 in aws-cn")
    expect(results).toContain("https://fips.cn-north-1.amazonaws.com.cn/")
    expect(results).toContain("http://127.0.0.1:1/")
    expect(results).toContain("error: Rules evaluation failed")
  })

  it("leaves the official engine's global function registry as it was", () => {
    const before = { ...customEndpointFunctions }
    resolve(ruleSet, { region: "cn-north-1" })
    expect(customEndpointFunctions).toEqual(before)
  })

  it("needs no AWS SDK package and not the official engine at run time", async () => {
    const result = await esbuild.build({
      entryPoints: [path.join(import.meta.dirname, "../src/services/Endpoint.ts")],
      bundle: true,
      write: false,
      metafile: true,
      platform: "node",
      format: "esm",
      packages: "external",
      logLevel: "silent",
    })
    const packages = Object.values(result.metafile.inputs).flatMap((input) => input.imports.filter((i) => i.external).map((i) => i.path))
    expect(packages.filter((p) => p.startsWith("@aws-sdk/") || p.startsWith("@smithy/"))).toEqual([])
  })
})
