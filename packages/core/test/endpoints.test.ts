/**
 * The compiled endpoint rule set answers what the official engine answers on the model's rule set
 * (URL, properties, headers, error message): on every region of the official partition table with
 * FIPS and dual-stack on and off, on custom endpoints, on garbage regions, and on the model's own
 * endpoint tests. The official engine and table are devDependencies, used here only.
 */
import { partition as officialPartition } from "@aws-sdk/util-endpoints"
import * as fs from "node:fs"
import { describe, expect, it } from "vitest"
import * as Endpoints from "../src/Endpoints.js"
import { partitions } from "../src/generated/partitions.js"
import { official, officialPartitions, outcome, type Params } from "./support/officialEndpoints.js"

interface EndpointTestCase {
  readonly documentation: string
  readonly params?: Params
  readonly expect: { readonly endpoint?: { readonly url: string }; readonly error?: string }
}

const service = Object.values(
  JSON.parse(fs.readFileSync(new URL("../../../../shared/models/codepipeline.json", import.meta.url), "utf8")).shapes as Record<
    string,
    { type: string; traits?: Record<string, any> }
  >,
).find((shape) => shape.type === "service")!
const ruleSet = service.traits!["smithy.rules#endpointRuleSet"]
const testCases: ReadonlyArray<EndpointTestCase> = service.traits!["smithy.rules#endpointTests"].testCases

const switches: ReadonlyArray<Params> = [
  { UseFIPS: false, UseDualStack: false },
  { UseFIPS: true, UseDualStack: false },
  { UseFIPS: false, UseDualStack: true },
  { UseFIPS: true, UseDualStack: true },
  {},
]

/** Both sides on the same parameters, with the parameters in the compared value for a readable failure. */
const compare = (params: Params) => {
  const ours = { params, outcome: outcome(Endpoints.resolveEndpoint(params)) }
  expect(ours).toEqual({ params, outcome: official(ruleSet, params) })
  return ours.outcome
}

describe("the compiled rule set agrees with the official engine", () => {
  const table = officialPartitions()

  it("reads the same partitions, listing the same regions, as the official table", () => {
    expect(partitions.map((p) => [p.id, p.regions])).toEqual(table.map((p) => [p.id, Object.keys(p.regions)]))
    expect(table.flatMap((p) => Object.keys(p.regions)).length).toBeGreaterThan(50)
  })

  for (const p of table) {
    it(`on every region of ${p.id}, with FIPS and dual-stack on and off`, () => {
      for (const region of Object.keys(p.regions)) {
        for (const s of switches) compare({ Region: region, ...s })
      }
    })
  }

  it("on regions no partition lists, placed by each partition's regex or in aws", () => {
    const regions = [
      "us-east-9",
      "eu-south-7",
      "ap-southeast-42",
      "cn-south-3",
      "us-gov-south-4",
      "us-iso-north-2",
      "us-isob-north-2",
      "us-isof-north-2",
      "eu-isoe-north-2",
      "eusc-de-west-2",
      "mars-east-1",
      "local",
      "xx-yy-1",
    ]
    for (const region of regions) for (const s of switches) compare({ Region: region, ...s })
  })

  it("on custom endpoints, valid or not, with and without a region, FIPS and dual-stack", () => {
    const endpoints = [
      "https://example.com",
      "http://127.0.0.1:4566",
      "http://localhost:4566/",
      "https://example.com:443/base/path",
      "https://example.com/a?b=c#d",
      "http://[::1]:8080",
      "HTTPS://EXAMPLE.COM",
      "ftp://example.com",
      "not a url",
      "example.com",
      "http://",
      "https://exa mple.com",
      "",
    ]
    for (const endpoint of endpoints) {
      for (const region of [undefined, "us-east-1", "cn-north-1", "not a region"]) {
        for (const s of switches) compare({ Endpoint: endpoint, Region: region, ...s })
      }
    }
  })

  it("on garbage regions: empty, not host labels, very long", () => {
    const regions = [
      "",
      " ",
      "us east 1",
      "US-EAST-1",
      "-us-east-1",
      "us-east-1-",
      "us_east_1",
      "eu-west-1/x",
      "eu-west-1.evil.example",
      "eu-west-1:8080",
      "eu-west-1?x",
      "eu-west-1#x",
      "ü-west-1",
      "\u0000",
      "us-east-1\n",
      "..",
      "%2F",
      "a".repeat(63),
      "a".repeat(64),
      "a".repeat(10_000),
    ]
    for (const region of regions) for (const s of switches) compare({ Region: region, ...s })
  })

  it("without a region or an endpoint", () => {
    for (const s of switches) expect(compare(s)).toEqual({ error: "Invalid Configuration: Missing Region" })
  })

  it("has the 45 test cases of the model", () => {
    expect(testCases).toHaveLength(45)
  })

  for (const testCase of testCases) {
    it(`model test: ${testCase.documentation}`, () => {
      const result = compare(testCase.params ?? {})
      if (testCase.expect.error !== undefined) expect(result).toEqual({ error: testCase.expect.error })
      else expect(result).toMatchObject({ url: new URL(testCase.expect.endpoint!.url).href })
    })
  }
})

describe("resolveEndpoint", () => {
  it("answers the rule's endpoint with its properties and headers", () => {
    const result = Endpoints.resolveEndpoint({ Region: "eu-west-1" })
    expect(result).toEqual({ _tag: "Endpoint", url: new URL("https://codepipeline.eu-west-1.amazonaws.com"), properties: {}, headers: {} })
  })

  it("answers the rule's error message verbatim", () => {
    expect(Endpoints.resolveEndpoint({ Region: "us-east-1", UseFIPS: true, Endpoint: "https://example.com" })).toEqual({
      _tag: "Failure",
      message: "Invalid Configuration: FIPS and custom endpoint are not supported",
    })
  })

  it("answers a failure, without throwing, where the URL does not parse", () => {
    expect(Endpoints.resolveEndpoint({ Endpoint: "not a url" })).toEqual({
      _tag: "Failure",
      message: 'Invalid Configuration: the endpoint URL "not a url" is not a valid URL',
    })
  })

  it("gives each call its own properties and headers", () => {
    const a = Endpoints.resolveEndpoint({ Region: "eu-west-1" })
    const b = Endpoints.resolveEndpoint({ Region: "eu-west-1" })
    expect(a._tag === "Endpoint" && b._tag === "Endpoint" && a.properties !== b.properties && a.headers !== b.headers).toBe(true)
  })
})

describe("resolve (checked input)", () => {
  it("resolves what resolveEndpoint resolves for a valid region or endpoint", () => {
    for (const params of [{ Region: "eu-west-1" }, { Region: "cn-north-1", UseDualStack: true }, { Endpoint: "http://127.0.0.1:4566" }]) {
      expect(Endpoints.resolve(params)).toEqual(Endpoints.resolveEndpoint(params))
    }
  })

  it("refuses a region that is not a host label, which the rules would put in the URL", () => {
    // The rule set alone makes `https://codepipeline.eu-west-1/x.amazonaws.com`: host codepipeline.eu-west-1.
    expect(Endpoints.resolveEndpoint({ Region: "eu-west-1/x" })._tag).toBe("Endpoint")
    for (const region of ["eu-west-1/x", "us east 1", "", "a".repeat(64), "eu-west-1.evil.example"]) {
      const result = Endpoints.resolve({ Region: region })
      expect(result).toMatchObject({
        _tag: "Failure",
        message: expect.stringMatching(/^Invalid Configuration: region .* is not a valid hostname component$/),
      })
    }
  })

  it("shows only a prefix of a very long region in the message", () => {
    const result = Endpoints.resolve({ Region: "a".repeat(10_000) })
    expect(result._tag === "Failure" && result.message.length).toBeLessThan(200)
  })

  it("refuses a custom endpoint that is not an absolute URL", () => {
    expect(Endpoints.resolve({ Endpoint: "example.com" })).toEqual({
      _tag: "Failure",
      message: 'Invalid Configuration: endpoint "example.com" is not a valid URL',
    })
  })

  it("states the rule set's errors as they are", () => {
    expect(Endpoints.resolve({ Region: "us-east-1", UseDualStack: true, Endpoint: "https://example.com" })).toEqual({
      _tag: "Failure",
      message: "Invalid Configuration: Dualstack and custom endpoint are not supported",
    })
  })
})

describe("partition (aws.partition)", () => {
  const summary = (region: string) => {
    const p = Endpoints.partition(region)
    return [p.name, p.dnsSuffix, p.dualStackDnsSuffix, p.supportsFIPS, p.supportsDualStack, p.implicitGlobalRegion]
  }

  it("finds a listed region, including one no partition's regex matches", () => {
    expect(summary("eu-west-1")).toEqual(["aws", "amazonaws.com", "api.aws", true, true, "us-east-1"])
    expect(Endpoints.partition("aws-global").name).toBe("aws")
    // `aws-cn-global` matches no regex: without the list it would fall back to aws.
    expect(Endpoints.partition("aws-cn-global").name).toBe("aws-cn")
    expect(Endpoints.partition("aws-us-gov-global").name).toBe("aws-us-gov")
    expect(Endpoints.partition("aws-iso-b-global").name).toBe("aws-iso-b")
  })

  it("places an unlisted region by the partitions' regexes", () => {
    expect(Endpoints.partition("us-east-9").name).toBe("aws")
    expect(Endpoints.partition("ap-southeast-42").name).toBe("aws")
    expect(Endpoints.partition("cn-south-3").name).toBe("aws-cn")
    expect(Endpoints.partition("us-gov-south-4").name).toBe("aws-us-gov")
    expect(Endpoints.partition("us-iso-north-2").name).toBe("aws-iso")
    expect(Endpoints.partition("us-isob-north-2").name).toBe("aws-iso-b")
    expect(Endpoints.partition("eu-isoe-north-2").name).toBe("aws-iso-e")
    expect(Endpoints.partition("us-isof-north-2").name).toBe("aws-iso-f")
    expect(Endpoints.partition("eusc-de-west-2").name).toBe("aws-eusc")
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
    ;(Endpoints.partition("us-east-1") as { dnsSuffix: string }).dnsSuffix = "example.com"
    expect(Endpoints.partition("us-east-1").dnsSuffix).toBe("amazonaws.com")
  })

  it("agrees with the official SDK's aws.partition on every listed region and made-up ones", () => {
    const regions = [
      ...officialPartitions().flatMap((p) => Object.keys(p.regions)),
      "us-east-9",
      "cn-south-3",
      "us-gov-south-4",
      "us-iso-north-2",
      "eusc-de-west-2",
      "mars-east-1",
      "local",
      "",
    ]
    for (const region of regions) {
      const official = officialPartition(region) as unknown as Record<string, unknown>
      const ours = Endpoints.partition(region)
      for (const key of ["name", "dnsSuffix", "dualStackDnsSuffix", "supportsFIPS", "supportsDualStack", "implicitGlobalRegion"] as const) {
        expect([region, key, ours[key]]).toEqual([region, key, official[key]])
      }
    }
  })
})
