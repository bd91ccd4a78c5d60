/**
 * The endpoint rule set compiler (codegen/endpoints.ts) on a small synthetic rule set that uses
 * every function it supports, every kind of rule and parameter, and the ways its output can be
 * shaped (an assignment first in a rule, siblings assigning the same name, a tree none of whose
 * rules applies): the compiled code type-checks and answers what the official engine answers. And
 * what it does not support makes it throw rather than compile to something else.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import ts from "typescript"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { compileRuleSet, type Expression, type FunctionCall, type RuleSet } from "../codegen/endpoints.js"
import type { EndpointResult } from "../packages/core/src/Endpoints.js"
import { official, outcome, type Params } from "../packages/core/test/support/officialEndpoints.js"

const helpers = path.join(import.meta.dirname, "../packages/core/src/internal/endpoints.js")

const ref = (name: string) => ({ ref: name })
const fn = (name: string, ...argv: Array<Expression>): FunctionCall => ({ fn: name, argv })
const assign = (name: string, call: FunctionCall): FunctionCall => ({ ...call, assign: name })

const ruleSet: RuleSet = {
  version: "1.0",
  parameters: {
    Region: { type: "String", builtIn: "AWS::Region", documentation: "The region." },
    UseFIPS: { type: "Boolean", builtIn: "AWS::UseFIPS", required: true, default: false },
    Endpoint: { type: "String", builtIn: "SDK::Endpoint" },
    Bucket: { type: "String" },
    Label: { type: "String", required: true },
    Flag: { type: "Boolean" },
  },
  rules: [
    {
      type: "tree",
      documentation: "A custom endpoint",
      conditions: [fn("isSet", ref("Endpoint"))],
      rules: [
        {
          type: "error",
          conditions: [fn("booleanEquals", ref("UseFIPS"), true)],
          error: "FIPS and the custom endpoint {Endpoint} are not supported",
        },
        {
          type: "endpoint",
          conditions: [assign("url", fn("parseURL", ref("Endpoint"))), fn("booleanEquals", fn("getAttr", ref("url"), "isIp"), true)],
          endpoint: {
            url: "{url#scheme}://{url#authority}{url#normalizedPath}",
            properties: { isIp: true, kind: "ip `quoted` \\ {url#path}" },
          },
        },
        {
          type: "endpoint",
          conditions: [assign("url", fn("parseURL", ref("Endpoint"))), fn("stringEquals", fn("getAttr", ref("url"), "scheme"), "http")],
          endpoint: {
            url: "{url#scheme}://{url#authority}{url#path}",
            headers: { "x-scheme": ["{url#scheme}", "plain", fn("getAttr", ref("url"), "authority")] },
          },
        },
        {
          type: "endpoint",
          conditions: [assign("url", fn("parseURL", ref("Endpoint")))],
          endpoint: { url: ref("Endpoint"), properties: {}, headers: {} },
        },
        { type: "error", conditions: [], error: "Not a URL: {Endpoint}" },
      ],
    },
    {
      type: "tree",
      conditions: [
        fn("isSet", ref("Region")),
        assign("p", fn("aws.partition", ref("Region"))),
        fn("not", fn("stringEquals", ref("Region"), "aws-global")),
      ],
      rules: [
        {
          type: "tree",
          conditions: [
            fn("isSet", ref("Bucket")),
            assign("prefix", fn("substring", ref("Bucket"), 0, 3, false)),
            assign("suffix", fn("substring", ref("Bucket"), 0, 2, true)),
          ],
          rules: [
            {
              type: "endpoint",
              conditions: [fn("isValidHostLabel", ref("Bucket"), false)],
              endpoint: {
                url: "https://{Bucket}.{prefix}-{suffix}.{Region}.{p#dnsSuffix}",
                properties: {
                  authSchemes: [{ name: "sigv4", signingRegion: "{Region}", disableDoubleEncoding: true }],
                  partition: "{p#name}",
                },
              },
            },
            {
              type: "endpoint",
              conditions: [fn("isValidHostLabel", ref("Bucket"), true)],
              endpoint: { url: "https://s3.{Region}.{p#dnsSuffix}/{Bucket}" },
            },
            {
              type: "endpoint",
              conditions: [assign("encoded", fn("uriEncode", ref("Bucket")))],
              endpoint: { url: "https://s3.{Region}.{p#dnsSuffix}/{encoded}" },
            },
          ],
        },
        {
          type: "endpoint",
          conditions: [fn("booleanEquals", ref("Flag"), true)],
          endpoint: { url: "https://flagged.{Label}.{Region}.{p#dnsSuffix}" },
        },
        {
          type: "error",
          conditions: [
            fn("booleanEquals", ref("UseFIPS"), true),
            fn("booleanEquals", fn("getAttr", ref("p"), "supportsFIPS"), true),
            fn("stringEquals", fn("getAttr", ref("p"), "name"), "aws-cn"),
          ],
          error: "No FIPS in {p#name}",
        },
        {
          type: "endpoint",
          conditions: [fn("booleanEquals", ref("UseFIPS"), true)],
          endpoint: { url: "https://svc-fips.{Region}.{p#dnsSuffix}" },
        },
        { type: "endpoint", conditions: [], endpoint: { url: "https://svc.{Region}.{p#dualStackDnsSuffix}" } },
      ],
    },
    {
      type: "tree",
      documentation: "aws-global: a tree none of whose rules applies under FIPS",
      conditions: [fn("isSet", ref("Region"))],
      rules: [
        { type: "endpoint", conditions: [fn("booleanEquals", ref("UseFIPS"), false)], endpoint: { url: "https://svc.{Label}.global" } },
      ],
    },
    { type: "error", conditions: [], error: "Missing Region" },
  ],
}

const grid = (): Array<Params> => {
  const cases: Array<Params> = []
  const label = (i: number) => (i % 7 === 0 ? undefined : "lbl")
  let i = 0
  for (const Endpoint of [
    undefined,
    "https://example.com",
    "http://example.com:80/a/b",
    "https://127.0.0.1:8443/x",
    "http://[::1]/",
    "https://example.com/?q=1",
    "ftp://x",
    "not a url",
  ]) {
    for (const UseFIPS of [undefined, false, true]) cases.push({ Endpoint, UseFIPS, Label: label(i++), Region: "us-east-1" })
  }
  for (const Region of [undefined, "us-east-1", "cn-north-1", "aws-global", "mars-1", "a b"]) {
    for (const Bucket of [undefined, "my-bucket", "a.b.c", "日本語x", "ab", "b!*'() x", "-x-"]) {
      for (const UseFIPS of [undefined, true]) {
        for (const Flag of [undefined, false, true]) cases.push({ Region, Bucket, UseFIPS, Flag, Label: label(i++) })
      }
    }
  }
  return cases
}

describe("the endpoint rule set compiler, on a synthetic rule set", () => {
  const source = compileRuleSet(ruleSet, helpers)
  let dir: string
  let file: string
  let compiled: { resolveEndpoint: (params: Params) => EndpointResult }

  beforeAll(async () => {
    // In the repository (gitignored), where the project's tsconfig applies to it as to the core.
    fs.mkdirSync(path.join(import.meta.dirname, "../.codegen-check"), { recursive: true })
    dir = fs.mkdtempSync(path.join(import.meta.dirname, "../.codegen-check/endpoints-"))
    file = path.join(dir, "endpoints.ts")
    fs.writeFileSync(file, source)
    compiled = await import(file)
  })
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  it("uses every function it supports", () => {
    for (const call of [
      "rules.partition(",
      "rules.parseURL(",
      "rules.substring(",
      "rules.uriEncode(",
      "rules.isValidHostLabel(",
      "!(",
      " != null",
      " === true",
    ]) {
      expect(source).toContain(call)
    }
  })

  it("emits code that type-checks", () => {
    const base = ts.readConfigFile(path.join(import.meta.dirname, "../tsconfig.base.json"), ts.sys.readFile).config
    const { options } = ts.convertCompilerOptionsFromJson(
      // No Node types: the generated code may use only what every runtime has, which the DOM lib
      // declares (URL, atob, btoa), beside the language's own.
      { ...base.compilerOptions, lib: ["ES2022", "DOM"], types: [], noEmit: true, declaration: false, sourceMap: false },
      dir,
    )
    const program = ts.createProgram([file], options)
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"))
    expect(diagnostics).toEqual([])
  })

  it("answers what the official engine answers, parameter set by parameter set", () => {
    const cases = grid()
    expect(cases.length).toBeGreaterThan(200)
    const seen = new Set<string>()
    for (const params of cases) {
      const ours = outcome(compiled.resolveEndpoint(params))
      expect({ params, outcome: ours }).toEqual({ params, outcome: official(ruleSet, params) })
      seen.add("url" in ours ? new URL(ours.url).host.split(".")[0]! : "error" in ours ? ours.error.split(" ")[0]! : "invalidUrl")
    }
    // Every branch of the rule set is taken by some case.
    expect([...seen].sort()).toEqual(
      [
        "127",
        "FIPS",
        "Missing",
        "No",
        "Not",
        "Rules",
        "[::1]",
        "example",
        "flagged",
        "invalidUrl",
        "my-bucket",
        "s3",
        "svc",
        "svc-fips",
      ].sort(),
    )
  })
})

describe("the endpoint rule set compiler refuses what it does not support", () => {
  const withRules =
    (rules: ReadonlyArray<unknown>, parameters: Record<string, unknown> = { Region: { type: "String" } }) =>
    () =>
      compileRuleSet({ version: "1.0", parameters, rules } as RuleSet)

  it("a function it does not know", () => {
    const rules = [
      {
        type: "endpoint",
        conditions: [fn("isSet", ref("Region")), assign("arn", fn("aws.parseArn", ref("Region")))],
        endpoint: { url: "https://x" },
      },
    ]
    expect(withRules(rules)).toThrow(/the function "aws\.parseArn" is not supported by codegen\/endpoints\.ts/)
  })

  it("a parameter type it does not support", () => {
    expect(withRules([], { Names: { type: "stringArray" } })).toThrow(/parameter Names is of type stringArray/)
  })

  it("a template that reads a parameter that may be unset", () => {
    expect(withRules([{ type: "endpoint", conditions: [], endpoint: { url: "https://{Region}.example" } }])).toThrow(
      /\{Region\} is an optional string/,
    )
  })

  it("a field a record does not have, and list indexes", () => {
    const rules = (path: string) => [
      {
        type: "endpoint",
        conditions: [fn("isSet", ref("Region")), assign("p", fn("aws.partition", ref("Region")))],
        endpoint: { url: `https://{p#${path}}` },
      },
    ]
    expect(withRules(rules("regionRegex"))).toThrow(/has no field "regionRegex"/)
    expect(withRules(rules("name[0]"))).toThrow(/list indexes are not supported/)
  })

  it("arguments of the wrong type or number", () => {
    expect(withRules([{ type: "error", conditions: [fn("booleanEquals", ref("Region"), true)], error: "x" }])).toThrow(
      /argument 1 of booleanEquals is an optional string/,
    )
    expect(withRules([{ type: "error", conditions: [fn("not", true, false)], error: "x" }])).toThrow(/not takes 1 arguments, not 2/)
  })

  it("escaped braces in a template, an unknown rule type, another rules version", () => {
    expect(withRules([{ type: "error", conditions: [], error: "{{literal}}" }])).toThrow(/escaped or unbalanced braces/)
    expect(withRules([{ type: "bogus", conditions: [] }])).toThrow(/unknown rule type "bogus"/)
    expect(() => compileRuleSet({ version: "1.3", parameters: {}, rules: [] })).toThrow(/version "1.3" is not supported/)
  })
})
