/**
 * Timestamps as ISO-8601 strings (issue #13, interop): `moto_server` and other AWS look-alikes send
 * `"2024-06-01T12:30:00.000Z"` where the model says epoch seconds. botocore (the AWS CLI) accepts
 * both; this SDK now does too, and keeps refusing anything that is not a timestamp with a
 * `ResponseDecodeError`. Epoch seconds as a decimal string stay accepted, as by botocore and the
 * official SDK.
 *
 * The same against a real `moto_server`: hardening.client.timestamps.moto.slow.test.ts.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { CodePipeline } from "../src/index.js"
import { decodeLenient, DecodeFailure } from "./support/lenient.js"
import { jsonReply, startServer, testCredentials } from "./support/server.js"

const created = (value: unknown): unknown => (decodeLenient("PipelineSummary", { created: value }) as { created: unknown }).created

const refused = (value: unknown): string => {
  try {
    created(value)
  } catch (failure) {
    if (failure instanceof DecodeFailure) return failure.message
    throw failure
  }
  throw new Error(`${JSON.stringify(value)} was accepted`)
}

describe("timestamps as ISO-8601 strings", () => {
  it("moto's form (milliseconds, Z) is the instant it names", () => {
    expect(created("2024-06-01T12:30:00.123Z")).toEqual(new Date(Date.UTC(2024, 5, 1, 12, 30, 0, 123)))
  })

  it("any ISO-8601 date-time with a zone: offsets, no seconds, a comma fraction, basic format, lower case, a space", () => {
    const instant = new Date(Date.UTC(2024, 5, 1, 10, 30, 0))
    for (const form of [
      "2024-06-01T10:30:00Z",
      "2024-06-01T12:30:00+02:00",
      "2024-06-01T12:30:00+0200",
      "2024-06-01T12:30:00+02",
      "2024-06-01T05:00:00-05:30",
      "2024-06-01T10:30Z",
      "2024-06-01T10:30:00.000000Z",
      "2024-06-01T10:30:00,0Z",
      "20240601T103000Z",
      "20240601T1030Z",
      "2024-06-01t10:30:00z",
      "2024-06-01 10:30:00Z",
    ]) {
      expect(created(form), form).toEqual(instant)
    }
    expect(created("2024-06-01T24:00:00Z")).toEqual(new Date(Date.UTC(2024, 5, 2)))
    expect(created("2024-02-29T00:00:00Z")).toEqual(new Date(Date.UTC(2024, 1, 29)))
    expect(created("0099-01-01T00:00:00Z")).toEqual(new Date("0099-01-01T00:00:00Z"))
  })

  it("a string that is not a timestamp with a zone is refused, naming what was expected", () => {
    for (const value of [
      "yesterday",
      "",
      "2024-06-01",
      "2024-06-01T10:30:00",
      "2024-06-01T10:30:00 Z",
      "2023-02-29T00:00:00Z",
      "2024-13-01T00:00:00Z",
      "2024-06-31T00:00:00Z",
      "2024-06-01T25:00:00Z",
      "2024-06-01T24:00:01Z",
      "2024-06-01T10:60:00Z",
      "2024-06-01T10:30:60Z",
      "2024-06-01T10:30:00+24:00",
      "2024-06-01T10:30:00+02:60",
      "2024-0601T10:30:00Z",
      "Sat, 01 Jun 2024 10:30:00 GMT",
    ]) {
      expect(refused(value), value).toBe(
        "Expected a timestamp (epoch seconds, or an ISO-8601 date-time with a zone) at created, got a string",
      )
    }
  })

  it("epoch seconds as a decimal string are accepted; hexadecimal, binary and Infinity are not", () => {
    expect(created("1700000000.5")).toEqual(new Date(1700000000500))
    expect(created(" 1700000000 ")).toEqual(new Date(1700000000000))
    expect(created("1.7e9")).toEqual(new Date(1700000000000))
    for (const value of ["0x10", "0b1", "0o7", "Infinity", "NaN", "1_000"]) refused(value)
  })

  it.scoped("a live call on a server that answers with ISO-8601 timestamps decodes them", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() =>
        jsonReply({
          pipelines: [{ name: "release", version: 1, created: "2024-06-01T12:30:00.000Z", updated: "2024-06-02T08:00:00.000Z" }],
        }),
      )
      const out = yield* CodePipeline.listPipelines().pipe(
        Effect.provide(CodePipeline.layer({ region: "us-east-1", endpoint: server.url, credentials: testCredentials }).pipe(Layer.orDie)),
      )
      expect(out.pipelines?.[0]?.created).toEqual(new Date(Date.UTC(2024, 5, 1, 12, 30)))
      expect(out.pipelines?.[0]?.updated).toEqual(new Date(Date.UTC(2024, 5, 2, 8)))
    }),
  )

  it.scoped("a live call on a server that answers with a date that is not a timestamp fails with ResponseDecodeError", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => jsonReply({ pipelines: [{ name: "release", created: "last Tuesday" }] }))
      const error = yield* CodePipeline.listPipelines().pipe(
        Effect.provide(
          CodePipeline.layer({ region: "us-east-1", endpoint: server.url, credentials: testCredentials, retry: false }).pipe(Layer.orDie),
        ),
        Effect.flip,
      )
      expect(error._tag).toBe("ResponseDecodeError")
      expect(error.message).toContain("pipelines[0].created")
    }),
  )
})
