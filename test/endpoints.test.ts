import * as fs from "node:fs"
import * as path from "node:path"
// The official `aws.*` functions, as references (importing `@aws-sdk/util-endpoints` registers them
// in the rules engine's registry).
import { partition as officialPartition } from "@aws-sdk/util-endpoints"
import { customEndpointFunctions } from "@smithy/core/endpoints"
import type { RuleSetObject } from "@smithy/types"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as esbuild from "esbuild"
import { describe, expect, it } from "vitest"
import { EndpointError, partition, resolve, type EndpointParams } from "../src/services/Endpoint.js"
import { partitions } from "../src/services/internal/partitions.js"

// Importing the official `aws.*` functions above registered them; the model's test cases below must
// run on this SDK's `aws.partition`, which `resolve` registers when the registry has none.
const officialAws = customEndpointFunctions["aws"]
delete customEndpointFunctions["aws"]

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

describe("the rules engine's function registry", () => {
  it("resolve registers this SDK's aws.partition when none is registered", () => {
    delete customEndpointFunctions["aws"]
    expect(Either.isRight(resolve(ruleSet, { region: "cn-north-1" }))).toBe(true)
    expect(customEndpointFunctions["aws"]?.["partition"]).toBe(partition)
  })

  it("leaves an aws namespace another SDK registered in place, adding only a missing partition", () => {
    const parseArn = () => null
    customEndpointFunctions["aws"] = { parseArn }
    resolve(ruleSet, { region: "eu-west-1" })
    expect(customEndpointFunctions["aws"]).toEqual({ parseArn, partition })
    customEndpointFunctions["aws"] = officialAws!
    expect(Option.getOrThrow(Either.getRight(resolve(ruleSet, { region: "cn-north-1" }))).href).toBe("https://codepipeline.cn-north-1.amazonaws.com.cn/")
    expect(customEndpointFunctions["aws"]).toBe(officialAws)
    delete customEndpointFunctions["aws"]
  })

  it("needs no @aws-sdk package at run time", async () => {
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
    expect(packages.filter((p) => p.startsWith("@aws-sdk/"))).toEqual([])
    expect(packages).toContain("@smithy/core/endpoints")
  })
})
